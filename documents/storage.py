"""Where the documents' files are kept: `STORAGES["documents"]`, a folder by default or an
S3-compatible object store by configuration (DOCUMENTS_STORAGE), never served at a public address."""

from django.core.files.storage import storages


def storage():
    """Read at each use, so that a change of configuration (or a test's) is followed."""
    return storages["documents"]
