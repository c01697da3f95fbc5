"""Birthplace check of DOMAIN.md §3, against the communes and countries of `load_birthplaces`.

France: an INSEE code, or a postal code and a city; abroad: a country and a city (INSEE ``99xxx``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from candidates.models import FRANCE_INSEE_CODE, BirthCountry, BirthplaceCommune
from pixcertif.lib.errors import ServiceError
from pixcertif.lib.text import normalize_name


class BirthplaceError(ServiceError):
    pass


@dataclass(frozen=True)
class Birthplace:
    country: str
    insee_code: str
    postal_code: str
    city: str


def _country(value: str) -> BirthCountry | None:
    value = value.strip()
    if value.isdigit():
        return BirthCountry.objects.filter(insee_code=value.zfill(5)).first()
    return BirthCountry.objects.filter(match_key=normalize_name(value)).first()


def resolve_birthplace(*, country: str = "", insee_code: str = "", postal_code: str = "", city: str = "") -> Birthplace:
    """The checked birthplace, or BirthplaceError naming the field (``field`` is the form field)."""
    insee_code, postal_code, city = insee_code.strip(), postal_code.strip(), " ".join(city.split())
    # Spreadsheets drop leading zeros: 4-digit codes are left-padded (DOMAIN.md §3).
    if len(insee_code) == 4:
        insee_code = insee_code.zfill(5)
    if len(postal_code) == 4 and postal_code.isdigit():
        postal_code = postal_code.zfill(5)
    found_country = _country(country) if country.strip() else None
    if country.strip() and found_country is None:
        raise BirthplaceError(
            _("Le pays « %(country)s » n'existe pas.") % {"country": country.strip()}, field="birth_country"
        )
    if found_country is not None and found_country.insee_code != FRANCE_INSEE_CODE:
        if not city:
            raise BirthplaceError(_("Indiquez la commune de naissance à l'étranger."), field="birth_city")
        return Birthplace(found_country.name, found_country.insee_code, "", city)
    france = found_country.name if found_country else "FRANCE"
    if insee_code:
        if insee_code.startswith("99"):
            raise BirthplaceError(_("Pour une naissance à l'étranger, indiquez le pays."), field="birth_country")
        commune = BirthplaceCommune.objects.filter(insee_code=insee_code).order_by("postal_code").first()
        if commune is None:
            raise BirthplaceError(
                _("Le code Insee « %(code)s » ne correspond à aucune commune.") % {"code": insee_code},
                field="birth_insee_code",
            )
        return Birthplace(france, insee_code, "", commune.name)
    if not postal_code and not city:
        raise BirthplaceError(
            _("Indiquez le lieu de naissance : le code Insee, ou le code postal et la commune."),
            field="birth_insee_code",
        )
    if not postal_code:
        raise BirthplaceError(_("Indiquez le code postal de la commune de naissance."), field="birth_postal_code")
    if not city:
        raise BirthplaceError(_("Indiquez la commune de naissance."), field="birth_city")
    communes = list(BirthplaceCommune.objects.filter(postal_code=postal_code))
    if not communes:
        raise BirthplaceError(
            _("Le code postal « %(code)s » n'existe pas.") % {"code": postal_code}, field="birth_postal_code"
        )
    match = next((c for c in communes if c.match_key == normalize_name(city)), None)
    if match is None:
        raise BirthplaceError(
            _("La commune « %(city)s » ne correspond pas au code postal « %(code)s ».")
            % {"city": city, "code": postal_code},
            field="birth_city",
        )
    return Birthplace(france, match.insee_code, postal_code, match.name)
