"""Demo organisation (SPEC §11): small = 1 director, 2 managers, 4 supervisors, 24 reps, HR,
finance; large = 10 regions, 100 teams, 1,000 reps. Deterministic for a given seed."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

from teams.models import Employee, OrgUnit, Role, RoleChange, UnitKind

if TYPE_CHECKING:
    from portal.demo import DemoContext

SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"]
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "丽", "强", "晨", "婷", "浩然", "子涵", "雨桐", "思远"]
ENGLISH = ["Emily Chen", "David Wang", "Grace Liu", "Kevin Zhang", "Linda Zhou", "Michael Huang", "Sophie Lin", "Jason Wu", "Alice Xu", "Tony Ma", "Cathy He", "Eric Sun"]


def _name(ctx: DemoContext, index: int) -> str:
    if index % 4 == 3:
        return ENGLISH[(index // 4) % len(ENGLISH)]
    return ctx.rng.choice(SURNAMES) + ctx.rng.choice(GIVEN)


def seed(ctx: DemoContext) -> None:
    User = get_user_model()
    password_hash = User(username="x")
    password_hash.set_password(ctx.password)
    hashed = password_hash.password

    regions_spec = (
        [("华东区 East", ["East-1", "East-2"]), ("华南区 South", ["South-1", "South-2"])]
        if ctx.size == "small"
        else [(f"Region {r + 1:02d}", [f"R{r + 1:02d}-T{t + 1:02d}" for t in range(10)]) for r in range(10)]
    )
    reps_per_team = 6 if ctx.size == "small" else 10

    def make_unit(name, kind, parent):
        unit = OrgUnit.objects.create(name=name, kind=kind, parent=parent, depth=parent.depth + 1 if parent else 0)
        unit.path = f"{parent.path if parent else ''}{unit.pk:07d}/"
        unit.save(update_fields=["path"])
        return unit

    company = make_unit("SalesOps Demo 示范销售公司", UnitKind.COMPANY, None)
    counter = {"n": 0}
    users, employees = [], []

    def person(username, role, unit, *, name=None, tenure_days=None):
        counter["n"] += 1
        n = counter["n"]
        tenure = tenure_days if tenure_days is not None else ctx.rng.randint(200, 2200)
        employee = Employee(
            number=f"E{n:05d}", name=name or _name(ctx, n), role=role, org_unit=unit,
            hire_date=ctx.today - timedelta(days=tenure), email=f"{username}@demo.salesops.local",
        )
        users.append(User(username=username, password=hashed, email=employee.email))
        employees.append(employee)
        if ctx.size == "small" or role != Role.REP or n % 50 == 0:
            ctx.sign_ins.append((username, role, employee.name))
        return employee

    director = person("director", Role.DIRECTOR, company, name="赵建国 Zhao Jianguo", tenure_days=3000)
    heads = [(company, director)]
    person("hr", Role.HR, company, name="孙丽 Sun Li (HR)", tenure_days=1500)
    person("finance", Role.FINANCE, company, name="钱敏 Qian Min (Finance)", tenure_days=1400)
    rep_no = 0
    for r_index, (region_name, team_names) in enumerate(regions_spec):
        region = make_unit(region_name, UnitKind.REGION, company)
        slug = "east" if "East" in region_name else "south" if "South" in region_name else f"r{r_index + 1:02d}"
        heads.append((region, person(f"manager.{slug}", Role.MANAGER, region, tenure_days=1800 + r_index)))
        for t_index, team_name in enumerate(team_names):
            team = make_unit(team_name, UnitKind.TEAM, region)
            team_slug = team_name.lower().replace("-", "")
            heads.append((team, person(f"sup.{team_slug}", Role.SUPERVISOR, team, tenure_days=900 + t_index * 40)))
            for _ in range(reps_per_team):
                rep_no += 1
                # Every sixth rep is a new hire (under 180 days), one of them hired ~40 days ago.
                tenure = 40 + rep_no if rep_no % 6 == 0 else None
                person(f"rep{rep_no:02d}" if ctx.size == "small" else f"rep{rep_no:04d}", Role.REP, team, tenure_days=tenure)

    User.objects.bulk_create(users)
    by_username = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
    for user, employee in zip(users, employees, strict=True):
        employee.user = by_username[user.username]
    Employee.objects.bulk_create(employees)
    saved = {e.number: e for e in Employee.objects.filter(number__in=[e.number for e in employees])}
    for unit, head in heads:
        unit.head = saved[head.number]
    OrgUnit.objects.bulk_update([unit for unit, _ in heads], ["head"])
    # Referrals: a few new hires were referred by colleagues (drives the referral reward later).
    reps = [e for e in saved.values() if e.role == Role.REP]
    new_hires = [e for e in reps if (ctx.today - e.hire_date).days < 180]
    core_reps = [e for e in reps if e not in new_hires]
    for index, hire in enumerate(new_hires[:4]):
        hire.referred_by = core_reps[(index * 7 + 3) % len(core_reps)]
    Employee.objects.bulk_update(new_hires[:4], ["referred_by"])
    RoleChange.objects.bulk_create(
        RoleChange(employee=e, old_role="", new_role=e.role, new_unit=e.org_unit, effective_on=e.hire_date)
        for e in saved.values()
    )
    # A career path to show: one supervisor was promoted from rep.
    first_sup = next(e for e in saved.values() if e.role == Role.SUPERVISOR)
    RoleChange.objects.create(
        employee=first_sup, old_role=Role.REP, new_role=Role.SUPERVISOR, old_unit=first_sup.org_unit,
        new_unit=first_sup.org_unit, effective_on=first_sup.hire_date + timedelta(days=400),
    )
    admin = User.objects.create_superuser("admin", "admin@demo.salesops.local", ctx.password)
    ctx.sign_ins.insert(0, (admin.username, "admin", "Administrator (superuser)"))
    ctx.data["company"] = company
    ctx.data["employees"] = list(saved.values())
    ctx.log(f"  {len(saved)} people in {OrgUnit.objects.count()} units")
