"""The shape of assembly/settings.py: each setting set once, and the request pipeline pinned."""

import ast
from pathlib import Path

from django.conf import settings

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "assembly" / "settings.py"
# Methods that change a list, dict or set in place.
MUTATING_METHODS = {
    "append",
    "extend",
    "insert",
    "remove",
    "pop",
    "popitem",
    "clear",
    "sort",
    "reverse",
    "update",
    "setdefault",
    "add",
    "discard",
    "__setitem__",
    "__delitem__",
    "__iadd__",
}


def _module_level_statements(body: list[ast.stmt]):
    """Statements run at import time: the module's, and those nested in its if/for/with/try.

    Function and class bodies are not walked: what a helper does to its own locals is its affair.
    """
    for statement in body:
        yield statement
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for field in ("body", "orelse", "finalbody"):
            yield from _module_level_statements(getattr(statement, field, []))
        for handler in getattr(statement, "handlers", []):
            yield from _module_level_statements(handler.body)


def _bound_names(target: ast.expr):
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _bound_names(element)
    elif isinstance(target, ast.Starred):
        yield from _bound_names(target.value)


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _bindings_and_mutations(tree: ast.Module):
    """(name, line) for every binding of a module-level name, and (text, line) for every
    in-place change of a value at import time."""
    bindings, mutations = [], []
    for statement in _module_level_statements(tree.body):
        line = statement.lineno
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bindings.append((statement.name, line))
            continue
        if isinstance(statement, ast.Import | ast.ImportFrom):
            for alias in statement.names:
                bindings.append(((alias.asname or alias.name).split(".")[0], line))
            continue
        targets = []
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, ast.AnnAssign | ast.AugAssign | ast.For | ast.AsyncFor):
            targets = [statement.target]
        elif isinstance(statement, ast.With):
            targets = [item.optional_vars for item in statement.items if item.optional_vars]
        elif isinstance(statement, ast.Delete):
            mutations.extend((ast.unparse(target), line) for target in statement.targets)
        for target in targets:
            if isinstance(statement, ast.AugAssign):
                mutations.append((ast.unparse(statement), line))
            if isinstance(target, ast.Subscript | ast.Attribute):
                mutations.append((ast.unparse(statement).splitlines()[0], line))
            bindings.extend((name, line) for name in _bound_names(target))
        # Calls anywhere in the statement's own expressions (not in nested blocks, walked above).
        expressions = [
            value
            for field, value in ast.iter_fields(statement)
            if field not in ("body", "orelse", "finalbody", "handlers")
        ]
        for expression in expressions:
            for node in _walk(expression):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in MUTATING_METHODS
                    and _root_name(node.func.value) is not None
                ):
                    mutations.append((ast.unparse(node), line))
    return bindings, mutations


def _walk(value):
    if isinstance(value, list):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, ast.AST):
        yield from ast.walk(value)


def test_each_module_level_name_of_the_settings_is_bound_once():
    """One place to read a setting: no second assignment further down overriding the first."""
    bindings, _ = _bindings_and_mutations(ast.parse(SETTINGS_FILE.read_text()))
    lines: dict[str, list[int]] = {}
    for name, line in bindings:
        lines.setdefault(name, []).append(line)
    assigned_twice = {name: found for name, found in lines.items() if len(found) > 1}
    assert assigned_twice == {}, "\n".join(
        f"{name} assigned on lines {', '.join(map(str, found))}"
        for name, found in assigned_twice.items()
    )


def test_no_setting_is_changed_in_place_after_its_definition():
    """MIDDLEWARE, INSTALLED_APPS, CACHES… are written whole where they are defined; no
    .insert(), +=, item assignment or .update() later in the file."""
    _, mutations = _bindings_and_mutations(ast.parse(SETTINGS_FILE.read_text()))
    assert mutations == [], "\n".join(f"line {line}: {text}" for text, line in mutations)


def test_the_request_pipeline_order():
    """The order the middlewares run in, as deployed (each position matters: request id first
    for the logs, the page cache right after WhiteNoise, the admin login limit last)."""
    assert settings.MIDDLEWARE == [
        "assembly.logging.RequestIdMiddleware",
        "assembly.net.TrustedProxyMiddleware",
        "assembly.text.ControlCharactersMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "agenda.middleware.PageCacheMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.locale.LocaleMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "csp.middleware.CSPMiddleware",
        "allauth.account.middleware.AccountMiddleware",
        "assembly.middleware.PrivateCacheMiddleware",
        "delegates.security.AdminLoginRateLimitMiddleware",
    ]
