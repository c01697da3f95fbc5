"""Files read into candidates: the ODS candidate list (`ods`)."""
