"""Receive bounces and complaints by SMTP on the bounce address (aiosmtpd)."""

import time

from aiosmtpd.controller import Controller
from django.core.management.base import BaseCommand

from newsletter.bounces import BounceHandler


class Command(BaseCommand):
    help = "Chạy máy chủ SMTP nhận thư báo lỗi và khiếu nại của bản tin."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8025)

    def handle(self, *args, host, port, **options):
        controller = Controller(BounceHandler(), hostname=host, port=port)
        controller.start()
        self.stdout.write(f"listening on {host}:{port}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
