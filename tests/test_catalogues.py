"""The translation catalogues agree with each other and are complete (issue 9).

Django merges every catalogue into one: when two of them translate the same msgid (in the same
msgctxt) differently, whichever is found first wins silently — "Open" read 未收 on plan statuses.
So the same msgid + msgctxt must carry the same translation in every catalogue of the repository,
and no catalogue may hold a fuzzy (unused by gettext) or untranslated entry. Where one English word
means two things, the code says so with `pgettext_lazy("context", ...)`.

The project catalogue `locale/` holds only what `templates/` and `salesops/` use; every app keeps
its own strings in `<app>/locale/`.
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def catalogues() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.po")
                  if ".venv" not in p.relative_to(ROOT).parts and "node_modules" not in p.parts)


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a tuple of plural forms), flags,
    line. Obsolete (#~) entries are left out: gettext ignores them."""
    entries, entry, key = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#~"):
            continue
        if not line:
            finish()
            entry, key = None, None
            continue
        starts_entry = line.startswith("#") or re.match(r"(msgctxt|msgid) ", line)
        if entry is not None and starts_entry and entry["msgstr"]:
            finish()  # entries are usually, not always, separated by a blank line
            entry, key = None, None
        if entry is None:
            entry = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": {}, "line": number}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = _unquote(line)
            if isinstance(key, tuple):
                entry["msgstr"][key[1]] += value
            else:
                entry[key] += value
        else:
            match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line)
            assert match, f"{path}:{number}: cannot read {line!r}"
            word, index, value = match.groups()
            if word == "msgstr":
                key = ("msgstr", int(index or 0))
                entry["msgstr"][key[1]] = _unquote(value)
            else:
                key = word
                entry[word] = _unquote(value)
    finish()
    for item in entries:
        item["msgstr"] = tuple(item["msgstr"][i] for i in sorted(item["msgstr"]))
    return entries


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_there_are_catalogues():
    found = [_name(p) for p in catalogues()]
    assert "locale/zh_Hans/LC_MESSAGES/django.po" in found and len(found) >= 2, found


def test_the_same_msgid_has_one_translation_everywhere():
    translations = defaultdict(lambda: defaultdict(list))
    for path in catalogues():
        language = path.parent.parent.name
        for entry in parse_po(path):
            if entry["msgid"] == "" or "fuzzy" in entry["flags"] or not any(entry["msgstr"]):
                continue  # the header; fuzzy and empty entries fail the next test
            key = (language, entry["msgctxt"], entry["msgid"])
            translations[key][entry["msgstr"]].append(f"{_name(path)}:{entry['line']}")
    conflicts = []
    for (language, context, msgid), variants in sorted(translations.items(), key=lambda item: str(item[0])):
        if len(variants) > 1:
            where = "; ".join(f"{' / '.join(text)!r} in {', '.join(places)}" for text, places in variants.items())
            label = f"{context!r} | {msgid!r}" if context else repr(msgid)
            conflicts.append(f"[{language}] {label}: {where}")
    assert not conflicts, "one msgid, several translations (use pgettext where the meanings differ):\n" + "\n".join(conflicts)


def test_no_catalogue_has_fuzzy_or_untranslated_entries():
    problems = []
    for path in catalogues():
        for entry in parse_po(path):
            if entry["msgid"] == "":
                continue  # the header
            if "fuzzy" in entry["flags"]:
                problems.append(f"{_name(path)}:{entry['line']}: fuzzy {entry['msgid']!r}")
            elif not all(entry["msgstr"]) or not entry["msgstr"]:
                problems.append(f"{_name(path)}:{entry['line']}: untranslated {entry['msgid']!r}")
    assert not problems, "\n".join(problems)


def _project_sources_text() -> str:
    parts = []
    for folder in ("templates", "salesops"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".html", ".txt", ".py"} and "__pycache__" not in path.parts:
                parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)


def test_the_project_catalogue_holds_only_what_templates_and_settings_use():
    """A msgid of the project catalogue appears in templates/ or salesops/, and in no app catalogue
    (the app's catalogue is its one home)."""
    app_msgids = set()
    for path in catalogues():
        if path != PROJECT_CATALOGUE and path.parent.parent.name == "zh_Hans":
            app_msgids.update((e["msgctxt"], e["msgid"]) for e in parse_po(path) if e["msgid"])
    sources = _project_sources_text()
    problems = []
    for entry in parse_po(PROJECT_CATALOGUE):
        if entry["msgid"] == "":
            continue
        if (entry["msgctxt"], entry["msgid"]) in app_msgids:
            problems.append(f"{entry['msgid']!r} is also in an app catalogue")
        # Template text may be written across lines; compare the first words only.
        probe = entry["msgid"].split("%(")[0].split("{{")[0].split("\n")[0].strip()[:40]
        if probe and probe not in sources:
            problems.append(f"{entry['msgid']!r} is used by neither templates/ nor salesops/")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("text", "expected"), [
    ('msgid "a"\nmsgstr "b"\n', [(None, "a", ("b",), set())]),
    ('#, fuzzy, python-format\nmsgctxt "plan"\nmsgid "Open"\nmsgstr ""\n"进行中"\n',
     [("plan", "Open", ("进行中",), {"fuzzy", "python-format"})]),
    ('msgid "one"\nmsgid_plural "many"\nmsgstr[0] "个"\n\n#~ msgid "old"\n#~ msgstr "旧"\n',
     [(None, "one", ("个",), set())]),
    ('#, fuzzy\nmsgid ""\nmsgstr "Language: zh_Hans\\n"\nmsgid "Common"\nmsgstr ""\n#: a.py:1\nmsgid "b"\nmsgstr "乙"\n',
     [(None, "", ("Language: zh_Hans\n",), {"fuzzy"}), (None, "Common", ("",), set()), (None, "b", ("乙",), set())]),
])
def test_the_reader_reads_what_gettext_reads(tmp_path, text, expected):
    path = tmp_path / "django.po"
    path.write_text(text, encoding="utf-8")
    assert [(e["msgctxt"], e["msgid"], e["msgstr"], e["flags"]) for e in parse_po(path)] == expected


GETTEXT_CALLS = {"gettext": 1, "gettext_lazy": 1, "_": 1, "ngettext": 1, "ngettext_lazy": 1,
                 "pgettext": 2, "pgettext_lazy": 2, "npgettext": 2, "npgettext_lazy": 2}


def _gettext_calls(python_source: str) -> set[tuple[str | None, str]]:
    """(msgctxt, msgid) of every gettext-family call with literal arguments."""
    found = set()
    for node in ast.walk(ast.parse(python_source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in GETTEXT_CALLS or not node.args:
            continue
        literals = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if GETTEXT_CALLS[name] == 2 and len(literals) >= 2:
            found.add((literals[0], literals[1]))
        elif GETTEXT_CALLS[name] == 1 and literals:
            found.add((None, literals[0]))
    return found


_LITERAL = r"""u?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
TEMPLATIZED_CALL = re.compile(rf"\b(?:n?p?gettext)\(\s*{_LITERAL}(?:\s*,\s*{_LITERAL})*")


def project_msgids() -> set[tuple[str | None, str]]:
    """What templates/ and salesops/ mark for translation, read the way makemessages reads it."""
    from django.utils.translation.template import templatize

    found = set()
    for path in sorted((ROOT / "templates").rglob("*.html")):
        # templatize() turns the template into gettext() calls amid placeholder text; pick the calls.
        text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for call in TEMPLATIZED_CALL.finditer(text):
            found |= _gettext_calls(call.group(0) + ")")
    for path in sorted((ROOT / "salesops").rglob("*.py")):
        found |= _gettext_calls(path.read_text(encoding="utf-8"))
    return {(context, msgid) for context, msgid in found if msgid}


def test_every_string_of_the_templates_and_settings_is_translated():
    """The project catalogue lost what the apps now keep; nothing templates/ or salesops/ show may
    fall through the gap."""
    from django.utils import translation
    from django.utils.translation import trans_real

    with translation.override("zh-hans"):
        catalogue = trans_real.translation("zh-hans")._catalog
        missing = sorted(
            f"{context!r} | {msgid!r}" if context else repr(msgid)
            for context, msgid in project_msgids()
            if (f"{context}\x04{msgid}" if context else msgid) not in catalogue
            and (msgid, 0) not in catalogue
        )
    assert not missing, "no zh_Hans translation for:\n" + "\n".join(missing)
