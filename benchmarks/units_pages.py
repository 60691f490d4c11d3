"""Issue #3: queries per request of /cdcs/ (10 and 500 units) and of a unit's page
(5 and 50 leaders). Each page should run the same number of queries at both sizes.
"""

from benchmarks.support import (
    bench_database,
    count_queries,
    leaders_bulk_create,
    require,
    units_bulk_create,
)

PAGES_PER_UNIT = 3
GROUPS_PER_UNIT = 2


def _verdict(small, large) -> str:
    if large.count == small.count:
        return f"{large.count} (same as the small case)"
    return f"{large.count} — GROWS with size (was {small.count})"


def _with_sub_pages(unit) -> None:
    from units.models import Unit, UnitPage

    UnitPage.objects.bulk_create(
        UnitPage(
            unit=unit,
            title=f"Hoạt động nổi bật {n}",
            slug=f"hoat-dong-noi-bat-{n}",
            body="<p>Nội dung trang.</p>",
            order=n,
        )
        for n in range(PAGES_PER_UNIT)
    )
    for n in range(GROUPS_PER_UNIT):
        name = f"Tổ công đoàn {n + 1} của {unit.name}"
        Unit.objects.create(
            name=name,
            short_name=f"Tổ {n + 1}",
            slug=f"to-{n + 1}-{unit.slug}"[:80],
            kind=Unit.Kind.GROUP,
            parent=unit,
            name_key=name.lower(),
            search_text=name.lower(),
        )


def run() -> list[tuple[str, str]]:
    with bench_database(__name__):
        units = units_bulk_create(10)
        list_small = count_queries("/cdcs/")
        units += units_bulk_create(490, start=10)
        list_large = count_queries("/cdcs/")

        few, many = units[0], units[1]
        for unit, leaders in ((few, 5), (many, 50)):
            leaders_bulk_create(unit, leaders)
            _with_sub_pages(unit)
        unit_small = count_queries(few.get_absolute_url())
        unit_large = count_queries(many.get_absolute_url())
        require(
            "500 công đoàn cơ sở" in list_large.content
            and list_large.content.count('class="card unit-card') == 48,
            "/cdcs/ counts 500 units and shows a page of 48",
        )
        require("Hồ Thị Lan 50" in unit_large.content, "the unit page shows 50 leaders")
        require(
            "Huỳnh Văn Đức 5" in unit_small.content, "the unit page shows 5 leaders"
        )

    for small, large in ((list_small, list_large), (unit_small, unit_large)):
        if large.count != small.count:
            print(small.report())
            print(large.report())
    return [
        ("queries GET /cdcs/ (10 units)", str(list_small.count)),
        ("queries GET /cdcs/ (500 units)", _verdict(list_small, list_large)),
        ("queries GET /cdcs/<slug>/ (5 leaders)", str(unit_small.count)),
        ("queries GET /cdcs/<slug>/ (50 leaders)", _verdict(unit_small, unit_large)),
    ]
