"""Secondary practice locations from NPPES pl_pfile_*.csv."""


def import_secondary(source, header, summary, reject_file, progress, log) -> None:
    raise NotImplementedError
