"""The JSON of the dashboard and the forecast (SPEC §10): amounts and percentages as strings with
2 decimals, `null` when undefined; dates ISO; periods as their text (`2026-11`, `2026-Q4`)."""

from decimal import Decimal


def two(value) -> str | None:
    return None if value is None else f"{Decimal(value):.2f}"


def _tiles(tiles: dict) -> dict:
    return {key: (value if key == "new_prospects" else two(value)) for key, value in tiles.items()}


def forecast_json(figures: dict) -> dict:
    return {
        "period": str(figures["period"]),
        **{key: two(figures[key]) for key in ("actual", "weighted", "best_case", "commit", "target", "gap")},
        "attainment_pct": two(figures["attainment_pct"]),
        "slipped": [slipped_json(item) for item in figures["slipped"]],
        "slipped_count": figures["slipped_count"],
    }


def slipped_json(item: dict) -> dict:
    return {**item, "amount": two(item["amount"]), "expected_close_on": item["expected_close_on"].isoformat()}


def dashboard_json(data: dict) -> dict:
    return {
        "unit": data["unit"].pk,
        "month": str(data["month"]),
        "tiles": _tiles(data["tiles"]),
        "previous": _tiles(data["previous"]),
        "members": [
            {
                ("unit" if row["kind"] == "unit" else "employee"): row["id"], "name": row["name"],
                "target": two(row["target"]), "actual": two(row["actual"]), "attainment": two(row["attainment"]),
                "complaint_rate": two(row["complaint_rate"]),
            }
            for row in data["members"]
        ],
        "trend": [
            {"month": str(row["month"]), "target": two(row["target"]), "actual": two(row["actual"])}
            for row in data["trend"]
        ],
        "pipeline": [
            {"stage": row["stage"], "count": row["count"], "amount": two(row["amount"])} for row in data["pipeline"]
        ],
        "slipped": [slipped_json(item) for item in data["slipped"]],
        "slipped_count": data["slipped_count"],
        "forecast": forecast_json(data["forecast"]),
        "leaderboard": [
            {**row, "attainment": two(row["attainment"]), "actual": two(row["actual"])} for row in data["leaderboard"]
        ],
        "difficulty": {**data["difficulty"], "share": two(data["difficulty"]["share"])},
        "complaints": {**data["complaints"], "rate": two(data["complaints"]["rate"])},
        "events": [{**event, "starts_at": event["starts_at"].isoformat()} for event in data["events"]],
        "accuracy": [
            {"month": str(row["month"]), "forecast": two(row["forecast"]), "actual": two(row["actual"]),
             "accuracy_pct": two(row["accuracy_pct"])}
            for row in data["accuracy"]
        ],
    }
