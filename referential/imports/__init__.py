"""Files that feed the referential: the Pix Orga profile-collection export (DOMAIN.md §1)."""
