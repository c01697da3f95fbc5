"""Birthplace check of DOMAIN.md §3, against the communes and countries of `load_birthplaces`.

France: an INSEE code, or a postal code and a city; abroad: a country and a city (INSEE ``99xxx``).
`resolve_birthplaces` checks a batch (an import) with two queries whatever its size;
`resolve_birthplace` is the same check for one birthplace.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q
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


@dataclass(frozen=True)
class BirthplaceQuery:
    """A birthplace as typed: any of the four may be empty."""

    country: str = ""
    insee_code: str = ""
    postal_code: str = ""
    city: str = ""

    def normalised(self) -> BirthplaceQuery:
        insee_code, postal_code = self.insee_code.strip(), self.postal_code.strip()
        # Spreadsheets drop leading zeros: 4-digit codes are left-padded (DOMAIN.md §3).
        if len(insee_code) == 4:
            insee_code = insee_code.zfill(5)
        if len(postal_code) == 4 and postal_code.isdigit():
            postal_code = postal_code.zfill(5)
        return BirthplaceQuery(self.country.strip(), insee_code, postal_code, " ".join(self.city.split()))


def _country_key(country: str) -> tuple[str, str]:
    """How a typed country is looked up: by its INSEE code (« 99134 », « 134 ») or by its name."""
    return ("code", country.zfill(5)) if country.isdigit() else ("name", normalize_name(country))


@dataclass
class _Reference:
    """The countries and communes that a batch of (normalised) birthplaces names, read in two queries."""

    countries: dict[tuple[str, str], BirthCountry]
    commune_by_insee: dict[str, BirthplaceCommune]  # the one with the lowest postal code
    communes_by_postal: dict[str, list[BirthplaceCommune]]  # by name

    @classmethod
    def load(cls, queries: Iterable[BirthplaceQuery]) -> _Reference:
        country_keys = {_country_key(q.country) for q in queries if q.country}
        insee_codes = {q.insee_code for q in queries if q.insee_code}
        postal_codes = {q.postal_code for q in queries if q.postal_code}
        countries: dict[tuple[str, str], BirthCountry] = {}
        if country_keys:
            codes = {key for kind, key in country_keys if kind == "code"}
            names = {key for kind, key in country_keys if kind == "name"}
            found = BirthCountry.objects.filter(Q(insee_code__in=codes) | Q(match_key__in=names)).order_by("name", "pk")
            for country in found:
                countries.setdefault(("code", country.insee_code), country)
                countries.setdefault(("name", country.match_key), country)
        by_insee: dict[str, BirthplaceCommune] = {}
        by_postal: dict[str, list[BirthplaceCommune]] = {}
        if insee_codes or postal_codes:
            communes = BirthplaceCommune.objects.filter(
                Q(insee_code__in=insee_codes) | Q(postal_code__in=postal_codes)
            ).order_by("name", "insee_code")
            for commune in communes:
                if commune.insee_code in insee_codes:
                    best = by_insee.get(commune.insee_code)
                    if best is None or commune.postal_code < best.postal_code:
                        by_insee[commune.insee_code] = commune
                if commune.postal_code in postal_codes:
                    by_postal.setdefault(commune.postal_code, []).append(commune)
        return cls(countries=countries, commune_by_insee=by_insee, communes_by_postal=by_postal)


def resolve_birthplaces(queries: Sequence[BirthplaceQuery]) -> list[Birthplace | BirthplaceError]:
    """Each birthplace checked, in order: the Birthplace as the reference spells it, or its error."""
    normalised = [q.normalised() for q in queries]
    reference = _Reference.load(normalised)
    results: list[Birthplace | BirthplaceError] = []
    for query in normalised:
        try:
            results.append(_resolve(query, reference))
        except BirthplaceError as error:
            results.append(error)
    return results


def resolve_birthplace(*, country: str = "", insee_code: str = "", postal_code: str = "", city: str = "") -> Birthplace:
    """The checked birthplace, or BirthplaceError naming the field (``field`` is the form field)."""
    (result,) = resolve_birthplaces([BirthplaceQuery(country, insee_code, postal_code, city)])
    if isinstance(result, BirthplaceError):
        raise result
    return result


def _resolve(query: BirthplaceQuery, reference: _Reference) -> Birthplace:
    country, insee_code, postal_code, city = query.country, query.insee_code, query.postal_code, query.city
    found_country = reference.countries.get(_country_key(country)) if country else None
    if country and found_country is None:
        raise BirthplaceError(_("Le pays « %(country)s » n'existe pas.") % {"country": country}, field="birth_country")
    if found_country is not None and found_country.insee_code != FRANCE_INSEE_CODE:
        if not city:
            raise BirthplaceError(_("Indiquez la commune de naissance à l'étranger."), field="birth_city")
        return Birthplace(found_country.name, found_country.insee_code, "", city)
    france = found_country.name if found_country else "FRANCE"
    if insee_code:
        if insee_code.startswith("99"):
            raise BirthplaceError(_("Pour une naissance à l'étranger, indiquez le pays."), field="birth_country")
        commune = reference.commune_by_insee.get(insee_code)
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
    communes = reference.communes_by_postal.get(postal_code, [])
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
