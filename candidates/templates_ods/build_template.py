"""Rebuild ``liste-candidats.ods``, the styled template of the candidate list (DOMAIN.md §3).

Run from the project root after changing the layout: ``python candidates/templates_ods/build_template.py``.
Standard library only. `candidates/exports/ods_template.py` fills B2:B6 (session) and appends one row
per candidate under the header row; `tests/candidates/test_ods_export.py` checks that these headers
are the ones the import expects.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

OUTPUT = Path(__file__).with_name("liste-candidats.ods")
# The schools' template (DOMAIN.md §3): the same without the two billing columns, for a school that
# does not manage its students through a roster.
OUTPUT_WITHOUT_BILLING = Path(__file__).with_name("liste-candidats-12-colonnes.ods")
MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"

# (header, column width, default cell style of the column)
COLUMNS = [
    ("* Nom de naissance", "4.5cm", "ce_text"),
    ("* Prénom", "4cm", "ce_text"),
    ("Identifiant local", "3.5cm", "ce_text"),
    ("Temps majoré ?", "2.6cm", "ce_percent"),
    ("* Date de naissance (format : jj/mm/aaaa)", "4cm", "ce_text"),
    ("Nom de la commune", "4.5cm", "ce_text"),
    ("Code postal", "2.6cm", "ce_text"),
    ("Code Insee", "2.6cm", "ce_text"),
    ("Pays", "3.5cm", "ce_text"),
    ("E-mail de convocation", "5.5cm", "ce_text"),
    ("E-mail du destinataire des résultats (formateur, enseignant…)", "6cm", "ce_text"),
    ("* Sexe (M ou F)", "2.6cm", "ce_text"),
    ("Tarification part Pix", "3.5cm", "ce_text"),
    ("Code de prépaiement", "4cm", "ce_text"),
]
TITLE_LABELS = ["Numéro de session", "Nom du site", "Nom de la salle", "Date", "Heure de début (heure locale)"]
NOTE = "Les colonnes marquées d'une * sont obligatoires. Une ligne par candidat ; les lignes vides sont ignorées."

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
)


def _cell(text: str = "", style: str = "") -> str:
    style_attr = f" table:style-name={quoteattr(style)}" if style else ""
    if not text:
        return f"<table:table-cell{style_attr}/>"
    return f'<table:table-cell{style_attr} office:value-type="string"><text:p>{escape(text)}</text:p></table:table-cell>'


def _row(cells: list[str], style: str = "ro_default") -> str:
    return f'<table:table-row table:style-name="{style}">{"".join(cells)}</table:table-row>'


BILLING_HEADERS = ("Tarification part Pix", "Code de prépaiement")


def content_xml(columns_spec: list[tuple[str, str, str]] | None = None) -> str:
    spec = columns_spec or COLUMNS
    columns = "".join(
        f'<table:table-column table:style-name="co{i}" table:default-cell-style-name="{style}"/>'
        for i, (_header, _width, style) in enumerate(spec)
    )
    column_styles = "".join(
        f'<style:style style:name="co{i}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{width}"/></style:style>'
        for i, (_header, width, _style) in enumerate(spec)
    )
    rows = [_row([_cell("Liste des candidats", "ce_title")], "ro_title")]
    rows += [_row([_cell(label, "ce_label"), _cell("", "ce_value")]) for label in TITLE_LABELS]
    rows.append(_row([_cell(NOTE, "ce_note")]))
    rows.append(_row([_cell(header, "ce_header") for header, _w, _s in spec], "ro_header"))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {NS} office:version="1.2">
<office:automatic-styles>
<number:text-style style:name="N_TEXT"><number:text-content/></number:text-style>
<number:percentage-style style:name="N_PERCENT"><number:number number:decimal-places="0" number:min-integer-digits="1"/><number:text> %</number:text></number:percentage-style>
{column_styles}
<style:style style:name="ro_default" style:family="table-row"><style:table-row-properties style:use-optimal-row-height="true"/></style:style>
<style:style style:name="ro_title" style:family="table-row"><style:table-row-properties style:row-height="0.9cm"/></style:style>
<style:style style:name="ro_header" style:family="table-row"><style:table-row-properties style:row-height="1.6cm"/></style:style>
<style:style style:name="ce_text" style:family="table-cell" style:data-style-name="N_TEXT"/>
<style:style style:name="ce_percent" style:family="table-cell" style:data-style-name="N_PERCENT"/>
<style:style style:name="ce_title" style:family="table-cell"><style:text-properties fo:font-size="16pt" fo:font-weight="bold" fo:color="#000091"/></style:style>
<style:style style:name="ce_label" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="ce_value" style:family="table-cell" style:data-style-name="N_TEXT"><style:paragraph-properties fo:text-align="start"/></style:style>
<style:style style:name="ce_note" style:family="table-cell"><style:text-properties fo:font-style="italic" fo:color="#3a3a3a"/></style:style>
<style:style style:name="ce_header" style:family="table-cell"><style:table-cell-properties fo:background-color="#e3e3fd" fo:border="0.5pt solid #000091" fo:wrap-option="wrap" style:vertical-align="middle"/><style:text-properties fo:font-weight="bold" fo:color="#000091"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
<table:table table:name="Liste des candidats">
{columns}
{"".join(rows)}
</table:table>
</office:spreadsheet></office:body>
</office:document-content>
"""


def styles_xml() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {NS} office:version="1.2">
<office:styles>
<style:default-style style:family="table-cell"><style:text-properties fo:font-size="10pt" style:font-name="Liberation Sans"/></style:default-style>
</office:styles>
</office:document-styles>
"""


def meta_xml() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta {NS} office:version="1.2"><office:meta><dc:title>Liste des candidats</dc:title><meta:generator>pixcertif</meta:generator></office:meta></office:document-meta>
"""


def manifest_xml() -> str:
    entries = "".join(
        f'<manifest:file-entry manifest:full-path="{name}" manifest:media-type="text/xml"/>'
        for name in ("content.xml", "styles.xml", "meta.xml")
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest {NS} manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="{MIMETYPE}"/>{entries}</manifest:manifest>
"""


def build(path: Path = OUTPUT, *, billing: bool = True) -> None:
    spec = COLUMNS if billing else [c for c in COLUMNS if c[0] not in BILLING_HEADERS]
    with zipfile.ZipFile(path, "w") as archive:
        # ODF: ``mimetype`` first and stored uncompressed, so that its bytes sit at a fixed offset.
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        for name, text in (
            ("content.xml", content_xml(spec)),
            ("styles.xml", styles_xml()),
            ("meta.xml", meta_xml()),
            ("META-INF/manifest.xml", manifest_xml()),
        ):
            archive.writestr(name, text, compress_type=zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    build()
    build(OUTPUT_WITHOUT_BILLING, billing=False)
