"""Search over 50,000 records of mixed kinds (issue 19).

`python bench/run.py search` (SQLite, or PostgreSQL when DATABASE_URL is set) builds,
with a fixed seed, 20,000 projects, 15,000 obstacles, 10,000 requirements and 5,000
indicators named and described from an Arabic vocabulary (the domain's words, three in
ten, among 3,000 others), indexes them (timed:
`manage.py rebuild_search_index` does the same), then asks ten queries typed the way
people type them — without hamzas, haa for taa marbuta, alef maqsura for yaa — as the
committee (reads everything) and as a focal point (scoped to one entity), through
`marsad.search.queries.search` (grouped, ranked, counted per kind, the records read
for display). The same words are then looked for the way a plain list filter does it:
`icontains` (LIKE '%word%') on the same fields of each kind, every word required,
counting and reading the first rows per kind. Median and p95 of 15 runs per query.
"""

import random
import statistics
import time

from django.db import connection

RUNS = 15
COUNTS = {"projects": 20_000, "obstacles": 15_000, "requirements": 10_000, "indicators": 5_000}
QUERIES = (
    "الفوتره",
    "اتمته الاجراءات",
    "منصه",
    "الصحى",
    "وزاره الماليه",
    "الالكترونيه",
    "نظام الدفع الالكتروني",
    "السجل الوطنى",
    "ربط",
    "e-invoicing",
)
WORDS = [
    "أتمتة",
    "الإجراءات",
    "منصة",
    "الفوترة",
    "الإلكترونية",
    "السجل",
    "الوطني",
    "الصحي",
    "نظام",
    "الدفع",
    "ربط",
    "الجهات",
    "الحكومية",
    "البوابة",
    "الموحدة",
    "الخدمات",
    "المصرفية",
    "التعليم",
    "العالي",
    "البنية",
    "التحتية",
    "مركز",
    "البيانات",
    "الأمن",
    "السيبراني",
    "التوقيع",
    "الإلكتروني",
    "الأرشفة",
    "الرقمية",
    "الموارد",
    "البشرية",
    "الضرائب",
    "الجمارك",
    "الاستيراد",
    "التصدير",
    "النقل",
    "السياحة",
    "الصحة",
    "المالية",
    "الاتصالات",
    "التجارة",
    "الداخلية",
    "حماية",
    "المستهلك",
    "الإسكان",
    "الأحوال",
    "المدنية",
]
LATIN = ["e-invoicing", "registry", "payment", "gateway", "portal", "cloud", "archive", "customs", "tax", "health"]


# Real records use far more words than the domain's own: three words in ten come from
# the domain vocabulary above, the others from 3,000 made-up words of Arabic letters.
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
OTHER_WORDS = tuple(
    "".join(random.Random(n).choice(LETTERS) for _ in range(random.Random(-n).randint(3, 8))) for n in range(3000)
)


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) if rng.random() < 0.3 else rng.choice(OTHER_WORDS) for _ in range(n))


def build(rng: random.Random) -> None:
    from marsad.indicators.models import Indicator
    from marsad.obstacles.models import Obstacle, Requirement
    from marsad.portfolio.models import Entity, Project

    entities = list(Entity.objects.all())
    projects = Project.objects.bulk_create(
        Project(
            code=f"S-{n:05d}",
            name_ar=_text(rng, 4),
            name_en=" ".join(rng.choice(LATIN) for _ in range(3)),
            description=_text(rng, 25),
            owner=rng.choice(entities),
        )
        for n in range(COUNTS["projects"])
    )
    Obstacle.objects.bulk_create(
        Obstacle(project=rng.choice(projects), title=_text(rng, 5), description=_text(rng, 20), category="staff")
        for _ in range(COUNTS["obstacles"])
    )
    Requirement.objects.bulk_create(
        Requirement(project=rng.choice(projects), kind="equipment", description=_text(rng, 8))
        for _ in range(COUNTS["requirements"])
    )
    Indicator.objects.bulk_create(
        Indicator(code=f"I-{n:05d}", name_ar=_text(rng, 4), description=_text(rng, 12), owner=rng.choice(entities))
        for n in range(COUNTS["indicators"])
    )


def like_scan(user, text: str) -> int:
    """The same words as a plain list filter finds them: LIKE on the same fields."""
    from django.db.models import Q

    from marsad.accounts import scope
    from marsad.search.index import searchable_models

    found = 0
    words = text.split()
    for model in searchable_models():
        names = [name for name in (*model.searched.title, *model.searched.body) if _is_field(model, name)]
        if not names:
            continue
        records = scope.readable(user, model._default_manager.all())
        for word in words:
            either = Q()
            for name in names:
                either |= Q(**{f"{name}__icontains": word})
            records = records.filter(either)
        count = records.count()
        if count:
            list(records[:5])
        found += count
    return found


def _is_field(model, name) -> bool:
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 — an attribute, not a field
        return False
    return field.get_internal_type() in ("CharField", "TextField", "SlugField")


def timed(call) -> tuple[float, float]:
    timings = []
    for _ in range(RUNS):
        began = time.perf_counter()
        call()
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def bench_search() -> None:
    from marsad.accounts.models import Role, User
    from marsad.portfolio.models import Entity
    from marsad.search import index, queries

    rng = random.Random(20261203)
    began = time.perf_counter()
    build(rng)
    built = time.perf_counter() - began
    began = time.perf_counter()
    counts = index.rebuild()
    indexed = time.perf_counter() - began
    total = sum(counts.values())
    print(f"database: {connection.vendor}; {total:,} records indexed in {indexed:.1f} s (built in {built:.1f} s)")
    readers = {
        "committee": User.objects.get(username="bench"),
        "focal point": User.objects.create_user("bench-focal", password="bench-password-1", role=Role.FOCAL_POINT),
    }
    readers["focal point"].entities.set([Entity.objects.get(code="E03")])
    print(
        f"{'query':<24} {'reader':<12} {'found':>7} {'search ms':>10} {'p95':>7} "
        f"{'LIKE found':>10} {'LIKE ms':>9} {'p95':>7} {'LIKE/search':>12}"
    )
    ratios = []
    for text in QUERIES:
        for who, user in readers.items():
            user = User.objects.get(pk=user.pk)
            found = sum(group.count for group in queries.search(user, text))
            median, high = timed(lambda user=user, text=text: queries.search(user, text))
            like_found = like_scan(user, text)
            like_median, like_high = timed(lambda user=user, text=text: like_scan(user, text))
            ratios.append(like_median / median)
            print(
                f"{text:<24} {who:<12} {found:>7} {median:>10.1f} {high:>7.1f} "
                f"{like_found:>10} {like_median:>9.1f} {like_high:>7.1f} {like_median / median:>11.1f}×"
            )
    print(f"LIKE scan / search, median over the queries: {statistics.median(ratios):.1f}×")
