"""On the real servers: a saved section has the worker make the booklet to download."""

import io

import pytest
from celery import current_app
from django.urls import reverse
from pypdf import PdfReader

from handbook import booklets
from tests.handbook.factories import SectionFactory
from tests.support import processes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_the_worker_makes_the_booklet_a_saved_section_asked_for(tmp_path, client):
    current_app.control.purge()
    env = processes.test_database_env()
    env["VAR_DIR"] = str(tmp_path)  # MEDIA_ROOT is tmp_path/media (tests/handbook)
    worker = processes.celery_worker(log=tmp_path / "worker.log", env=env)
    try:
        SectionFactory(title="Quyền của người lao động")
        processes.wait_for(
            lambda: booklets.booklet_kept(unit=None),
            timeout=90,
            what="the worker's booklet",
        )
    finally:
        processes.stop(worker)
    response = client.get(reverse("handbook:booklet_pdf"))
    assert response.status_code == 200
    text = PdfReader(io.BytesIO(response.content)).pages[2].extract_text()
    assert "Quyền của người lao động" in text
