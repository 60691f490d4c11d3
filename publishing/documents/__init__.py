"""Document uploads judged by their content, one module per job.

kinds (the accepted types), detection (a file's kind from its bytes), safe_xml
(expat with DOCTYPE refused), validation (judging an upload), names (storage and
download names), serving (the response), extraction (plain text for search) and
fields (the form and model fields). Import from the module that does the job.
"""

# Migrations name the model field `publishing.documents.DocumentField`.
from publishing.documents.fields import DocumentField

__all__ = ["DocumentField"]
