"""Every command explains itself with --help, without Docker or a running stack."""

import subprocess

import click
import pytest
from click.testing import CliRunner

from workshop.cli import main
from workshop.compose import ROOT


def every_command(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*path, name))
        if isinstance(command, click.Group):
            found += every_command(command, (*path, name))
    return found


@pytest.mark.parametrize("command", every_command(main), ids=" ".join)
def test_every_command_has_help_in_words(command):
    result = CliRunner().invoke(main, [*command, "--help"], prog_name="workshop")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: workshop {' '.join(command)}")
    description = result.output.split("\n\n")[1].strip()
    assert len(description.split()) >= 5, f"`workshop {' '.join(command)} --help` says too little: {description!r}"


def test_the_launcher_at_the_repository_root_runs_the_console():
    result = subprocess.run([str(ROOT / "workshop"), "--help"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for command in ("status", "load", "drill", "dead-letters", "stop", "start", "kill", "pause", "unpause"):
        assert f"  {command} " in result.stdout, f"./workshop --help does not list {command}"
    assert "disconnect" in result.stdout and "reconnect" in result.stdout
