"""One stored document (publishing.models.StoredDocument) for guidance and plan files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guidance.models import Attachment, ReportFile
from publishing.models import StoredDocument, stored_document_upload_to
from tests.guidance.factories import DocumentFactory, attachment, pdf_bytes
from tests.units.factories import AnnualPlanFactory
from units.models import AnnualPlanFile
from units.services import annual_plan_file_save

pytestmark = pytest.mark.django_db


def test_every_stored_file_model_is_a_stored_document_with_one_save_path():
    for model in (Attachment, ReportFile, AnnualPlanFile):
        assert issubclass(model, StoredDocument)
        assert model._meta.get_field("file").upload_to is stored_document_upload_to


def test_guidance_and_plan_files_are_described_and_stored_alike(unit_a):
    doc_file = attachment(DocumentFactory(), pdf_bytes(), name="Kế hoạch: 65.PDF")
    plan_file = annual_plan_file_save(
        plan_file=AnnualPlanFile(
            plan=AnnualPlanFactory(unit=unit_a),
            file=SimpleUploadedFile("Kế hoạch: 65.PDF", pdf_bytes()),
        )
    )
    for stored, folder in ((doc_file, "guidance"), (plan_file, "units/plans")):
        stored.refresh_from_db()
        top, *middle, name = stored.file.name.split("/")
        assert "/".join([top, *middle[:-1]]) == folder
        assert len(middle[-1]) == 24  # the random folder: 18 bytes, URL-safe
        assert name.endswith(".pdf") and "65" in name
        assert (stored.kind, stored.size) == ("pdf", len(pdf_bytes()))
        # One download name: the user's, cleaned (no colon, the detected extension).
        assert stored.download_name == "Kế hoạch_ 65.pdf"
        assert str(stored) == stored.download_name
