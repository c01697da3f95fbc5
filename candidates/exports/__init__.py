"""Files made from candidates: the pre-filled ODS candidate list (`ods_template`)."""
