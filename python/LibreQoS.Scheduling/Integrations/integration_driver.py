"""lqos_scheduler's integration driver.

Does, inside the embedded interpreter, what upstream's scheduler does with
`python3 -c "from MODULE import FUNCTION as f; f()"` run from lqos_directory.
Arguments: lqos_directory, module, function. The host names this file after the module, so that the run's output is
logged under the module's name.
"""
import os
import sys
import traceback


def forget_modules_outside(folders):
    """Upstream starts a new python3 for every run. Dropping the pure-Python modules that are not the standard
    library's or installed packages' (those in `folders`) gives the same fresh import of lqos_directory's scripts:
    edited scripts are read again and their import-time code runs again."""
    keep = tuple(os.path.join(os.path.realpath(folder), "") for folder in folders if folder)
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if (name != "__main__" and isinstance(path, str) and path.endswith((".py", ".pyc"))
                and not os.path.realpath(path).startswith(keep)):
            del sys.modules[name]


def run_integration(directory, module_name, function_name):
    sys.argv = ["-c"]
    forget_modules_outside(sys.path[1:])
    sys.path[0] = directory  # in place of this file's folder, as `python3 -c` puts the current folder first
    try:
        __import__(module_name)
        getattr(sys.modules[module_name], function_name)()
    except Exception as error:
        # As python3 -c prints it: from the integration's own frames on. (A BaseException such as the host's
        # interrupt at the deadline goes through to the host.)
        traceback.print_exception(type(error), error, error.__traceback__.tb_next)
        sys.exit(1)


run_integration(*sys.argv[1:4])
