"""What every subcommand shares: error handling, model options, writing output."""

from __future__ import annotations

import functools
import os
import signal
import sys
import tempfile
import threading
from pathlib import Path
from typing import NoReturn

import click

from ..errors import DriftcheckError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def fail(message: str) -> NoReturn:
    click.echo(f"driftcheck: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


class Terminated(KeyboardInterrupt):
    """SIGTERM as an exception, so that ``finally`` blocks and the atomic writer clean up.

    Python's default SIGTERM action kills the process on the spot, which would
    leave a temporary report file beside the target.
    """


def _raise_terminated(signum, frame) -> None:
    raise Terminated()


def handle_errors(func):
    """Turn a :class:`DriftcheckError` into one line on stderr and exit code 2; SIGINT/SIGTERM into 130/143."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        in_main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _raise_terminated) if in_main_thread else None
        try:
            return func(*args, **kwargs)
        except DriftcheckError as err:
            fail(str(err))
        except Terminated:
            click.echo("driftcheck: terminated", err=True)
            sys.exit(128 + signal.SIGTERM)
        except KeyboardInterrupt:
            click.echo("driftcheck: interrupted", err=True)
            sys.exit(130)
        finally:
            if in_main_thread:
                signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)

    return wrapper


class LanguageCode(click.ParamType):
    """A language tag checked against babel's locale data and reduced to its language (pt-BR -> pt)."""

    name = "CODE"

    def convert(self, value, param, ctx):
        from ..langid import language_code

        try:
            return language_code(value)
        except ValueError as err:
            self.fail(str(err), param, ctx)


LANGUAGE = LanguageCode()


model_option = click.option(
    "--model", "model", default=None, metavar="NAME|PATH",
    help="sentence-transformers model name or path "
         "(default: $DRIFTCHECK_MODEL, else the bundled multilingual-e5-small).",
)
no_cache_option = click.option("--no-cache", is_flag=True, help="Do not read or write the on-disk embedding cache.")


def make_encoder(model: str | None, no_cache: bool = False):
    """The encoder the user asked for: lazily loaded, behind the embedding cache unless disabled."""
    from ..embed.factory import encoder_factory

    return encoder_factory(model, use_cache=not (no_cache or os.environ.get("DRIFTCHECK_NO_CACHE")))()


def write_output(text: str, output: str | None) -> None:
    """Print, or write ``output`` atomically: a reader never sees a half-written report."""
    if not output:
        click.echo(text, nl=False)
        return
    target = Path(output)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as err:
        raise DriftcheckError(f"{output}: cannot be written ({err.strerror or err})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise DriftcheckError(f"{output}: cannot be written ({err.strerror or err})") from None
        raise
