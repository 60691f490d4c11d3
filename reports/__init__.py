"""The office dashboard: per-unit communication figures that content apps provide.

Who may import `reports`: the content apps (news, guidance, campaigns, consultation),
to register their columns, and the project's urls/admin wiring. `reports` itself
imports only `publishing` and `units`, and `units` never imports it (DESIGN.md), so
the units' own columns are registered by ReportsConfig.ready() (unit_columns.py).

Modules, one job each:

- registry.py: Column, Series, Figures, Provider; PROVIDERS_HOOK, under which a
  content app's AppConfig.ready() registers `fn() -> Provider` on `publishing.hooks`;
  each column's default threshold;
- periods.py: Period (a month, quarter or year, [start, end) in Asia/Ho_Chi_Minh);
- aggregates.py: `median_by_group()`, one query on PostgreSQL and on SQLite;
- table.py: traffic lights, cells, rows, charts and sorting (the page's model);
- build.py: `dashboard_build()` (every provider once) and `dashboard_for_request()`;
- forms.py: the filter form; exports.py: CSV and XLSX; charts.py: SVG line charts;
- views.py: the page and the exports; admin.py puts them at /admin/units/unitdashboard/.

The contract
------------
A provider is a `Provider(key, columns, compute, order)`:

- `columns`: `Column(key, label, kind, good, ..., threshold)`. `key` is
  "<app>_<what>" and is also the sort parameter (`?o=news_articles`); `label` is
  Vietnamese (gettext_lazy); `kind` is one of COUNT, DAYS, RATIO, BOOL, STATUS;
  `good` says which way is better ("high": flag values below the threshold, "low":
  flag values above it) and None for no traffic light. `threshold` is the column's
  default (None: never lit); settings.DASHBOARD_THRESHOLDS ({column_key: value})
  overrides it. `per_month=True` means the threshold is a monthly rate, multiplied
  by the period's months (1, 3 or 12). `none_flagged=True` flags a unit with no
  value at all. STATUS columns declare `statuses` (value -> Vietnamese label, best
  first); their threshold is the tuple of values to flag.
- `compute(*, unit_ids: list[int], period: Period, charts: bool) -> Figures`
  returns `Figures(values={column_key: {unit_id: value}}, series=[...])`. A unit
  missing from a column's dict shows the column's `missing` value (0 for counts).
  It uses aggregate queries (`.values("<unit>_id").annotate(...)`, with `filter=Q()`
  for several figures from one query): one or two queries per provider whatever the
  number of units or rows. It skips chart queries when `charts` is False.
- `series`: `Series(key, title, description, kind, per_unit={unit_id: {month: v}},
  overall={month: v}, lines=TOP | OVERALL)`, months being the first days of
  `period.chart_months` (12 months ending with the period, never past this month).
  TOP draws the top units by total (or the unit picked in the filter); OVERALL draws
  `overall` plus the picked unit's own line.

Periods: `period.start_at`/`end_at` are aware datetimes for DateTimeField filters,
`period.start`/`end` dates for DateFields, `period.as_of` the moment figures count
up to and `period.as_of_date` the day "days since" counts to. A unit with
DASHBOARD_RED_FLAGS (default 2) or more flagged columns is red, one is amber.
news/metrics.py, guidance/metrics.py, campaigns/metrics.py and
consultation/metrics.py are the providers.
"""
