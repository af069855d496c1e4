"""The three dependency files agree: pyproject.toml declares the dependencies and their floors (the oldest
versions known to work), constraints.txt pins what the suite passed on, and environment.yml (conda) lists
the same packages at constraints.txt's major.minor."""
import re
import tomllib

from helpers import REPO

#: conda-forge's name of a PyPI package, where the two differ (none of ours today).
CONDA_NAMES: dict[str, str] = {}


def normal(name: str) -> str:
    """A package name as PyPI compares them (PEP 503): case, ``-``, ``_`` and ``.`` do not matter."""
    return re.sub(r"[-_.]+", "-", name).lower()


def release(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.match(r"\d+(?:\.\d+)*", version).group().split("."))


def declared() -> dict[str, str]:
    """Runtime and test dependencies of pyproject.toml: name to floor (``>=``)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floors = {}
    for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
        name, floor = re.fullmatch(r"([\w.-]+)(?:\[[^]]*\])?>=([\w.]+)", requirement.replace(" ", "")).groups()
        floors[normal(name)] = floor
    return floors


def pinned() -> dict[str, str]:
    lines = (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
    return {normal(name): version for name, version in
            (line.split("==") for line in lines if line.strip() and not line.startswith("#"))}


def conda() -> dict[str, str | None]:
    """environment.yml's conda packages (``- name=version``; not its ``pip:`` list): name to version or None."""
    text = (REPO / "environment.yml").read_text(encoding="utf-8")
    block = text.split("\ndependencies:\n", 1)[1]
    packages = {}
    for line in block.splitlines():
        match = re.fullmatch(r"  - ([\w.-]+)(?:=([\w.]+))?", line)
        if match:
            packages[match[1]] = match[2]
        elif not line.startswith(("  - pip:", "      ")):
            break  # the end of the list
    return packages


def test_every_dependency_has_a_floor_that_the_pinned_version_meets():
    floors, pins = declared(), pinned()
    assert floors  # a parser that finds nothing would pass everything below
    for name, floor in floors.items():
        assert name in pins, f"{name} is not pinned in constraints.txt"
        assert release(pins[name]) >= release(floor), (name, floor, pins[name])


def test_environment_yml_lists_the_declared_dependencies():
    wanted = {CONDA_NAMES.get(name, name) for name in declared()}
    listed = set(conda()) - {"python", "pip"}
    assert listed == wanted, f"only in environment.yml: {sorted(listed - wanted)}; missing: {sorted(wanted - listed)}"


def test_environment_yml_versions_are_the_pinned_major_minor():
    packages, pins = conda(), pinned()
    by_conda_name = {CONDA_NAMES.get(name, name): name for name in declared()}
    for conda_name, name in by_conda_name.items():
        assert packages[conda_name] == ".".join(pins[name].split(".")[:2]), (conda_name, packages[conda_name],
                                                                              pins[name])


def test_environment_yml_python_meets_requires_python():
    floor = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    assert release(conda()["python"]) >= release(floor.removeprefix(">="))
