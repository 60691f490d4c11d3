"""Post the public question form the way a browser would."""

from django.urls import reverse

from consultation.models import Topic
from tests.support.forms import form_data

ASK_URL = reverse("consultation:question_create")


def ask_data(client, **fields) -> dict[str, list[str]]:
    data = form_data(client.get(ASK_URL).text)
    data.update(
        name=["Nguyễn Thị Hoa"],
        email=["hoa.nguyen@example.edu.vn"],
        phone=[""],
        topic=[str(Topic.objects.get(slug="luong-phu-cap").pk)],
        body=["Phụ cấp thâm niên nhà giáo được tính từ khi nào?"],
        consent=["anonymous"],
    )
    for name, value in fields.items():
        data[name] = [value] if isinstance(value, str) else value
    return data


def ask(client, *, remote_addr: str = "203.0.113.7", **fields):
    return client.post(ASK_URL, ask_data(client, **fields), REMOTE_ADDR=remote_addr)
