"""Every text a user sees is marked for translation: an AST scan of okr_cockpit/ for string literals handed
to the places users see (messages, labels, key descriptions, form labels, errors, CLI help and output,
table headers) that are not inside `_()`, `N_()` or `ngettext()`.

A literal counts when it holds a word (two letters in a row); glyphs, separators, CSS, ids and markup
without words pass. f-strings are refused even inside `_()`: the catalog needs the text with `{name}`
placeholders, filled in with `.format()` after translation.
"""

import ast
import re
from pathlib import Path

import okr_cockpit

PACKAGE = Path(okr_cockpit.__file__).parent
MARKERS = {"_", "N_", "ngettext"}

# Calls whose positional arguments (all of them, or the ones listed) are shown to the user.
SINK_ARGS: dict[str, tuple[int, ...] | None] = {
    "notify": (0,),
    "Static": (0,),
    "Label": (0,),
    "Button": (0,),
    "Checkbox": (0,),
    "Text": (0,),
    "Binding": (2,),
    "FormField": (1,),
    "Choice": (0,),
    "CockpitError": (0,),
    "ValidationError": (0,),
    "ConflictError": (0,),
    "SchemaError": (0,),
    "NewerSchemaError": (0,),
    "ArgumentTypeError": (0,),
    "MessageDialog": None,
    "ConfirmDialog": None,
    "add_column": (0,),
    "add_columns": None,
    "print": None,
    "update": (0,),
    "TabPane": (0,),
    "Option": (0,),
    "border_title": None,
    "say": (0,),
    "refuse": (0,),
    "show_message": (0,),
    "show_problem": (0,),
    "append": (0,),
    "set_status": (0,),
    "add_row": None,  # rows of a Rich table or a DataTable: labels like "Kind", "State"
    "heading": (0,),
    "key": (2,),  # a screen's own Binding helper: key("a", "add_event", N_("Add event"))
    "saved": (0,),
    "changed": (1,),
    "FormDialog": (0,),
    "PickerDialog": (0,),
    "titled": None,
    "Group": (0,),
    "set_top": (1,),
    "Finding": (1,),  # a line of `okr-cockpit check`
    "warn": (0,),  # a form's message line: set_top("#form-error", text)
}
# Keyword arguments shown to the user, whatever the call.
SINK_KEYWORDS = {
    "help",
    "description",
    "label",
    "title",
    "message",
    "placeholder",
    "none_label",
    "prompt",
    "tooltip",
    "severity_text",
    "border_title",
    "border_subtitle",
    "confirm",
    "text",
    "yes",
    "no",
}
# Attributes whose assigned value is shown.
SINK_ATTRIBUTES = {"title", "sub_title", "border_title", "border_subtitle", "tooltip", "placeholder"}

WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{2,}")
# Literals with letters that are not words for a person: ids, key names, format codes, CSS, markup.
ALLOWED = {
    "okr-cockpit",
    "csv",
    "json",
    "md",
    "html",
    "ics",
    "PLO",
    "RACI",
    "KiB",
    "ok",
    "YYYY-MM-DD",
    "PATH|URL",
}
ALLOWED_PATTERNS = [
    re.compile(r"^\[/?[a-z $.#-]*\]$"),  # Rich markup tags alone: "[b]", "[/]"
    re.compile(r"^[a-z0-9_.-]+$"),  # ids, key names, file names: "form.save", "units-tree"
    re.compile(r"^[A-Z][A-Z0-9_.]+$"),  # metavars and env names: "FILE.csv", "OKR_COCKPIT_DB"
    re.compile(r"^(\{[^}]*\}|[^A-Za-zÄÖÜäöüß])*$"),  # only placeholders and glyphs: "{count} · {total}"
]

# Where the scan applies: the whole package (migrations write no text for people; the demo's names and
# titles are data, written into the database, not words of the interface).
SCANNED = ["*.py", "commands/*.py", "db/*.py", "services/**/*.py", "ui/**/*.py"]
NOT_SCANNED = ["services/demo/*.py"]


def is_marker_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS


def call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def call_name_of(node: ast.AST) -> str | None:
    """The name of a function passed as a value: `self.notify` -> "notify"."""
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else None


def is_allowed(text: str) -> bool:
    text = text.strip()
    if not WORD.search(text) or text in ALLOWED:
        return True
    return any(pattern.match(text) for pattern in ALLOWED_PATTERNS)


def unmarked_literals(node: ast.AST):
    """Literal texts in an expression shown to the user that no marker wraps (f-strings count as a whole)."""
    if node is None or is_marker_call(node):
        if is_marker_call(node):
            for argument in node.args:
                if isinstance(argument, ast.JoinedStr):
                    yield argument, "f-string inside _()"
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if not is_allowed(node.value):
            yield node, node.value
        return
    if isinstance(node, ast.JoinedStr):
        literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        if not is_allowed(literal):
            yield node, literal
        return
    if isinstance(node, ast.BinOp):
        yield from unmarked_literals(node.left)
        yield from unmarked_literals(node.right)
    elif isinstance(node, ast.IfExp):
        yield from unmarked_literals(node.body)
        yield from unmarked_literals(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from unmarked_literals(value)
    elif isinstance(node, (ast.Tuple, ast.List)):
        for element in node.elts:
            yield from unmarked_literals(element)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        yield from unmarked_literals(node.func.value)  # "text {x}".format(x=...) must be _("text {x}").format
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join":
        for argument in node.args:
            yield from unmarked_literals(argument)


def shown_expressions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = call_name(node)
            if name in SINK_ARGS:
                positions = SINK_ARGS[name]
                for index, argument in enumerate(node.args):
                    if positions is None or index in positions:
                        if name == "print" and isinstance(argument, ast.Name):
                            continue
                        yield argument
            if name == "call_from_thread" and node.args and call_name_of(node.args[0]) in SINK_ARGS:
                yield from node.args[1:2]  # call_from_thread(self.notify, "text")
            for keyword in node.keywords:
                if keyword.arg in SINK_KEYWORDS:
                    yield keyword.value
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr in SINK_ATTRIBUTES:
                    yield node.value


def unmarked_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for expression in shown_expressions(tree):
        for node, text in unmarked_literals(expression):
            found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {text!r}")
    return found


def scanned_files() -> list[Path]:
    files = set()
    for pattern in SCANNED:
        files.update(PACKAGE.glob(pattern))
    for pattern in NOT_SCANNED:
        files.difference_update(PACKAGE.glob(pattern))
    return sorted(files)


def test_every_text_shown_to_users_is_marked_for_translation():
    found = [line for path in scanned_files() for line in unmarked_in(path)]
    assert found == []


def test_the_scan_sees_unmarked_texts_and_lets_marked_ones_and_glyphs_pass(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "raise CockpitError(f'No unit {name}.')\n"
        "self.notify(_('Saved.'))\n"
        "self.notify(_(f'Saved {name}.'))\n"
        "parser.add_argument('--db', metavar='PATH', help='the database file')\n"
        "Static('·', id='units-tree')\n"
        "Binding('q', 'quit', 'Quit', id='app.quit')\n"
        "Binding('h', 'help', N_('Help'), id='app.help')\n"
        "print(_('Wrote {n} rows.').format(n=3))\n"
        "print('Wrote {n} rows.'.format(n=3))\n",
        encoding="utf-8",
    )
    tree = ast.parse(sample.read_text())
    texts = [text for expression in shown_expressions(tree) for _node, text in unmarked_literals(expression)]
    assert texts == ["No unit .", "f-string inside _()", "the database file", "Quit", "Wrote {n} rows."]


def test_every_translation_keeps_the_placeholders_of_its_text():
    """A German text that drops or renames `{name}` would raise KeyError (or lose a value) when formatted."""
    from babel.messages.pofile import read_po

    from okr_cockpit.i18n import LOCALE_DIR

    placeholder = re.compile(r"\{[^{}]*\}")
    with (LOCALE_DIR / "de" / "LC_MESSAGES" / "okr_cockpit.po").open("rb") as source:
        catalog = read_po(source)
    wrong = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(set(placeholder.findall(ids[-1])))
        wrong += [(ids[0], text) for text in strings if sorted(set(placeholder.findall(text))) != wanted]
    assert wrong == []


def test_no_function_hides_the_translation_function_behind_an_argument_called_underscore():
    """`lambda _: notify(_("Saved."))` calls the argument, not gettext: the notice would fail at run time."""
    hidden = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)):
                takes = any(a.arg == "_" for a in node.args.args + node.args.kwonlyargs)
                if takes and any(is_marker_call(n) and n.func.id == "_" for n in ast.walk(node)):
                    hidden.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert hidden == []


# Two words, or a word beside a value ("Email {address!r}", "{count} stakeholders").
SENTENCE = re.compile(r"[A-Za-z]{2,} ([A-Za-z]{2,}|\{\})|\{\} [A-Za-z]{3,}")
# SQL, the version line and a user without a name: not words to translate.
NOT_FOR_PEOPLE = re.compile(
    r"^\s*(PRAGMA|SET LOCAL|DROP TRIGGER|NOTIFY|LISTEN|length\()|^(okr-cockpit|uid) \{\}$"
)


def sentence_f_strings(tree: ast.AST) -> list[ast.JoinedStr]:
    """f-strings holding words, wherever they are: a sentence built with f"…" cannot be translated,
    however it reaches the user (a variable, a return value). Programming errors (TypeError) and
    SQL are not for people."""
    raises = [node.exc for node in ast.walk(tree) if isinstance(node, ast.Raise)]
    internal = {
        id(inner)
        for error in raises
        if isinstance(error, ast.Call) and call_name(error) == "TypeError"
        for inner in ast.walk(error)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and id(node) not in internal:
            literal = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            if SENTENCE.search(literal) and not NOT_FOR_PEOPLE.search(literal):
                found.append(node)
    return found


def test_no_sentence_is_built_with_an_f_string():
    found = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in scanned_files()
        for node in sentence_f_strings(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_the_sentence_scan_finds_an_f_string_however_it_reaches_the_user():
    tree = ast.parse(
        'question = f"Delete the {kind} {name}?"\n'
        'raise TypeError(f"unknown unit fields: {names}")\n'
        'cursor.execute(f"PRAGMA busy_timeout={ms}")\n'
        'label = f"{count} · {total}"\n'
        'what = f"Email {address!r}"\n'
    )
    assert [node.lineno for node in sentence_f_strings(tree)] == [1, 5]
