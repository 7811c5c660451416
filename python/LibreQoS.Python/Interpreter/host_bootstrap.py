"""Host side of the embedded interpreter, run once at start before any script.

The .NET host passes `_host` (a .NET object, through pythonnet, whose methods Emit, TakeInterrupt and
OsExitCalled call back into the host) in this module's namespace. It runs on the interpreter thread, which is
Python's main thread. It provides:
- `stdout`, `stderr`: writers that hand complete lines to the host, installed as sys.stdout/sys.stderr;
- `ScriptInterrupt`, a SIGUSR2 handler and `signal_interpreter`, which the host's watchdog uses to stop a run;
- os._exit replaced so a script ends only itself, with a log line;
- helpers the host calls around each run: new_main, enter_run, leave_run, drain, exit_code, describe, and
  register_module for host modules.
"""
import codecs
import io
import operator
import os
import posix
import signal
import sys
import threading
import traceback
import types


class ScriptInterrupt(BaseException):
    """Raised in a script the host is stopping (deadline passed, or run cancelled).

    A BaseException, like KeyboardInterrupt, so `except Exception:` in a script does not swallow it."""


class HostWriter(io.TextIOBase):
    """A text stream that delivers each complete line to the host, in order, from any thread.

    flush() keeps an unfinished line (a line sink cannot show half a line); the host drains it when a run ends."""

    def __init__(self, stream, name):
        super().__init__()
        self._stream = stream
        self._name = name
        # Partial lines per thread: print() writes the text and its newline separately, so another thread's
        # output may come between them, and must not be glued onto this line.
        self._pending = {}
        self._lock = threading.Lock()

    @property
    def name(self):
        return self._name

    @property
    def encoding(self):
        return "utf-8"

    @property
    def errors(self):
        return "strict"

    def writable(self):
        return True

    def reconfigure(self, *, encoding=None, errors=None, newline=None, line_buffering=None, write_through=None):
        """As TextIOWrapper.reconfigure, which scripts call on sys.stdout (upstream v2.2's scheduler.py does).

        Each complete line already reaches the host at once, as UTF-8 text, so buffering needs no change; an encoding
        the host cannot honour is refused as TextIOWrapper refuses an unknown one."""
        if encoding is not None and codecs.lookup(encoding).name != "utf-8":
            raise ValueError(f"{self._name} is captured as UTF-8 text; encoding {encoding!r} cannot be set")

    def isatty(self):
        return False

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        thread = threading.get_ident()
        with self._lock:
            pending = self._pending.setdefault(thread, [])
            cut = text.rfind("\n")
            if cut < 0:
                pending.append(text)
            else:
                pending.append(text[:cut])
                lines = "".join(pending)
                rest = text[cut + 1:]
                if rest:
                    self._pending[thread] = [rest]
                else:
                    del self._pending[thread]
                _host.Emit(self._stream, lines)
        return len(text)

    def flush(self):
        pass

    def close(self):
        # Scripts sometimes close sys.stdout; the host's streams stay usable for the next run.
        self.drain()

    def drain(self):
        with self._lock:
            partials = ["".join(pending) for pending in self._pending.values()]
            self._pending = {}
        for text in partials:
            if text:
                _host.Emit(self._stream, text)


stdout = HostWriter(1, "<stdout>")
stderr = HostWriter(2, "<stderr>")
sys.stdout = sys.__stdout__ = stdout
sys.stderr = sys.__stderr__ = stderr


def _on_interrupt_signal(signum, frame):
    reason = _host.TakeInterrupt()
    if reason is not None:
        raise ScriptInterrupt(reason)


signal.signal(signal.SIGUSR2, _on_interrupt_signal)

_interpreter_thread = threading.get_ident()


def signal_interpreter():
    """Breaks the interpreter thread out of a blocking system call; its SIGUSR2 handler decides whether to raise."""
    signal.pthread_kill(_interpreter_thread, signal.SIGUSR2)


_real_exit = os._exit
_host_pid = os.getpid()


def _intercepted_exit(status, /):
    status = operator.index(status)
    if os.getpid() != _host_pid:
        _real_exit(status)  # a forked child (multiprocessing) must really end
    _host.OsExitCalled(status, threading.current_thread().name)
    raise SystemExit(status)


os._exit = posix._exit = _intercepted_exit


def new_main(path):
    """A fresh __main__ module for a script, with what `python3 path` sets."""
    main = types.ModuleType("__main__")
    main.__file__ = path
    main.__builtins__ = __builtins__
    main.__cached__ = None
    return main


def compile_script(path):
    """Compiled from bytes, as python3 does, so a PEP 263 coding line is honoured and tracebacks name the path."""
    with open(path, "rb") as file:
        source = file.read()
    return compile(source, path, "exec", dont_inherit=True)


def register_module(name, functions):
    """Puts a module whose functions call the host's into sys.modules. `functions`: name -> .NET HostFunctionCallable."""
    module = types.ModuleType(name)
    for function_name, callable_ in dict(functions).items():
        setattr(module, function_name, _host_function(name, function_name, callable_))
    sys.modules[name] = module


def _host_function(module, name, callable_):
    def function(*args):
        outcome = []
        if callable_.Invoke(args, outcome):
            return outcome[0]
        raise outcome[0]

    function.__name__ = function.__qualname__ = name
    function.__module__ = module
    return function


def enter_run(path, argv, cwd, main):
    """Makes the interpreter look as `python3 path *argv` would; returns what leave_run restores."""
    saved = (sys.argv, sys.path[:], sys.modules.get("__main__"), os.getcwd())
    sys.argv = [path, *argv]
    sys.path.insert(0, os.path.dirname(os.path.realpath(path)))
    sys.modules["__main__"] = main
    sys.stdout, sys.stderr = stdout, stderr
    if cwd is not None:
        os.chdir(cwd)
    return saved


def drain():
    """Delivers unfinished lines; the host calls it when a run or call ends."""
    stdout.drain()
    stderr.drain()


def leave_run(saved):
    drain()
    sys.argv, path, main, cwd = saved
    sys.path[:] = path
    if main is None:
        sys.modules.pop("__main__", None)
    else:
        sys.modules["__main__"] = main
    try:
        os.chdir(cwd)
    except OSError:
        pass  # the host's folder was removed during the run; the run's own result matters more


def exit_code(exc):
    """The status `python3` would exit with for this SystemExit, printing a non-integer code as it does."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return int(code)
    print(code, file=stderr)
    return 1


def describe(exc, tb=None):
    """(type name, message, formatted traceback) of an exception; tb is the traceback if exc lacks one."""
    if tb is not None and exc.__traceback__ is None:
        exc.__traceback__ = tb
    cls = type(exc)
    name = cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"
    try:
        message = str(exc)
    except BaseException:
        message = "<str() failed>"
    return name, message, "".join(traceback.format_exception(exc))
