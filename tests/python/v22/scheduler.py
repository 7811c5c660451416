"""A scheduler.py written for the tests, following upstream v2.2's startup and 3-second topology runtime tick as
../shared/spec/upstream_python_compat.md §2.3 describes them (upstream's file is not copied). lqos_scheduler runs it
from lqos_directory, as an operator's own scheduler.py.

Startup: bus, then the integration if one is enabled (run in-process here), then wait up to 8 s for lqosd's topology
runtime; ready → a full refresh; a transient wait is continued by the tick; a failure of the current source
generation is reported. Every 3 s the tick reshapes when the runtime is ready and the runtime hash changed, and
reports a runtime failure of the current sources once.
"""
import json
import logging
import os
import sys
import time
import traceback

from apscheduler.schedulers.blocking import BlockingScheduler

from liblqos_python import (
    automatic_import_splynx,
    calculate_effective_network_generation,
    calculate_shaping_inputs_generation,
    calculate_shaping_runtime_hash,
    calculate_topology_source_generation,
    enable_insight_topology,
    get_libreqos_state_directory,
    scheduler_alive,
    scheduler_error,
    scheduler_output,
    scheduler_progress,
    topology_import_ingress_enabled,
    wait_for_bus_ready,
)
from LibreQoS import RefreshFailure, ValidationFailure, refreshShapers

TOPOLOGY_RUNTIME_REFRESH_SECONDS = 3
STARTUP_TOPOLOGY_RUNTIME_MAX_WAIT_SECONDS = 120
SCHEDULER_STARTUP_STEP_COUNT = 5
SCHEDULER_REFRESH_STEP_COUNT = 4
NON_TRANSIENT = "Topology runtime failed for the current source generation:"

shaping_runtime_hash = 0
startup_wait_deadline = None
reported_failure_generation = None


def progress(active, phase, label, step, count, percent=None):
    if percent is None:
        percent = max(0, min(100, round(((step - 1) if active else step) / count * 100)))
    scheduler_progress(active, phase, label, step, count, percent)


def publish_ready_progress(step, count):
    scheduler_error("")
    progress(False, "ready", "Scheduler ready", step, count, 100)


def topology_runtime_readiness_detail():
    """(ready, detail, generation) as v2.2 decides it."""
    generation = calculate_topology_source_generation()
    path = os.path.join(get_libreqos_state_directory(), "topology", "topology_runtime_status.json")
    try:
        with open(path) as f:
            status = json.load(f)
    except FileNotFoundError:
        return False, "Topology runtime status is not published yet.", generation
    if status.get("source_generation") != generation:
        return False, "Topology runtime has not published the current source generation yet.", generation
    if not status.get("ready"):
        return False, f"{NON_TRANSIENT} {status.get('error')}", generation
    shaping_path, effective_path = status.get("shaping_inputs_path"), status.get("effective_network_path")
    if not status.get("shaping_generation") or not os.path.exists(shaping_path) or not os.path.exists(effective_path):
        return False, "Topology runtime outputs are missing.", generation
    if status.get("effective_generation") != calculate_effective_network_generation(effective_path):
        return False, "network.effective.json does not match the runtime status.", generation
    if status.get("shaping_generation") != calculate_shaping_inputs_generation(shaping_path):
        return False, "shaping_inputs.json does not match the runtime status.", generation
    return True, "", generation


def wait_for_topology_runtime_ready(seconds):
    deadline = time.monotonic() + seconds
    while True:
        ready, detail, generation = topology_runtime_readiness_detail()
        if ready or detail.startswith(NON_TRANSIENT) or time.monotonic() >= deadline:
            return ready, detail, generation
        time.sleep(0.1)


def report_not_ready(context, detail, generation, startup):
    global reported_failure_generation
    if detail.startswith(NON_TRANSIENT):
        if reported_failure_generation == generation:
            return
        reported_failure_generation = generation
        message = f"{context}: {detail} Generation {(generation or '')[:12]}."
        scheduler_error(message)
        scheduler_output(message)
        progress(False, "degraded", "Scheduler running with topology/runtime error", 4, SCHEDULER_REFRESH_STEP_COUNT)
    else:
        progress(True, "waiting_for_topology_runtime", "Waiting for topology runtime", 4,
                 SCHEDULER_STARTUP_STEP_COUNT if startup else SCHEDULER_REFRESH_STEP_COUNT, 80 if startup else 75)


def report_refresh_failure(context, e):
    message = f"{context}: {e}"
    scheduler_error(message)
    scheduler_output(message)
    phase = ("validation_failed", "Scheduler validation failed") if isinstance(e, ValidationFailure) else ("degraded", "Scheduler running with topology/runtime error")
    progress(False, phase[0], phase[1], 4, SCHEDULER_REFRESH_STEP_COUNT)


def import_from_crm():
    if not automatic_import_splynx():
        return
    progress(True, "running_integration", "Running integration", 2, SCHEDULER_STARTUP_STEP_COUNT)
    try:
        import integrationSplynx
        integrationSplynx.importFromSplynx()
        scheduler_output("Splynx completed successfully.")
    except Exception as e:
        scheduler_error(f"Splynx exited with an error. Continuing.\n{e}")
    progress(True, "applying_overrides", "Applying overrides", 3, SCHEDULER_STARTUP_STEP_COUNT)


def initial_shaping():
    global shaping_runtime_hash, reported_failure_generation
    progress(True, "initial_shaping_reload", "Initial shaping reload", 5, SCHEDULER_STARTUP_STEP_COUNT)
    target = calculate_shaping_runtime_hash()
    if not enable_insight_topology():
        refreshShapers()
    shaping_runtime_hash = target
    reported_failure_generation = None
    if target != 0:
        publish_ready_progress(SCHEDULER_STARTUP_STEP_COUNT, SCHEDULER_STARTUP_STEP_COUNT)


def initial_shaping_reporting_failures():
    try:
        initial_shaping()
    except ValidationFailure as e:
        report_refresh_failure("Scheduler startup shaping refresh blocked by validation", e)
    except Exception as e:
        report_refresh_failure("Scheduler startup shaping refresh failed", e)
        traceback.print_exc()


def import_and_shape_full_reload():
    global startup_wait_deadline
    import_from_crm()
    progress(True, "starting_topology_runtime", "Starting topology runtime", 4, SCHEDULER_STARTUP_STEP_COUNT)
    ready, detail, generation = wait_for_topology_runtime_ready(8)
    if not ready:
        if not detail.startswith(NON_TRANSIENT):
            startup_wait_deadline = time.monotonic() + STARTUP_TOPOLOGY_RUNTIME_MAX_WAIT_SECONDS
        report_not_ready("Scheduler startup waiting for topology runtime", detail, generation, startup=True)
        return
    initial_shaping_reporting_failures()


def topology_runtime_refresh_tick():
    global startup_wait_deadline, shaping_runtime_hash, reported_failure_generation
    ready, detail, generation = topology_runtime_readiness_detail()
    if startup_wait_deadline is not None:
        if not ready:
            if detail.startswith(NON_TRANSIENT) or time.monotonic() >= startup_wait_deadline:
                startup_wait_deadline = None
                report_not_ready("Scheduler startup waiting for topology runtime", detail, generation, startup=True)
            return
        startup_wait_deadline = None
        initial_shaping_reporting_failures()
        return
    if not ready:
        report_not_ready("Topology runtime refresh blocked", detail, generation, startup=False)
        return
    new_hash = calculate_shaping_runtime_hash()
    if shaping_runtime_hash == 0 or new_hash == 0 or new_hash == shaping_runtime_hash:
        return
    try:
        progress(True, "partial_reload", "Applying topology runtime changes", 4, SCHEDULER_REFRESH_STEP_COUNT)
        refreshShapers()
        shaping_runtime_hash = new_hash
        reported_failure_generation = None
        publish_ready_progress(SCHEDULER_REFRESH_STEP_COUNT, SCHEDULER_REFRESH_STEP_COUNT)
    except ValidationFailure as e:
        report_refresh_failure("Topology runtime refresh blocked by validation", e)
    except RefreshFailure as e:
        if not str(e).startswith("Missing or stale shaping_inputs.json."):
            report_refresh_failure("Topology runtime refresh failed", e)


def run_scheduler_main():
    # v2.2 makes stdio line-buffered, also under lqos_scheduler, whose captured streams accept the call.
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(line_buffering=True, write_through=True)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    wait_for_bus_ready(5000)
    scheduler_alive()
    progress(True, "waiting_for_bus", "Waiting for lqosd bus", 1, SCHEDULER_STARTUP_STEP_COUNT, 0)
    print(f"topology import ingress: {topology_import_ingress_enabled()}")
    import_and_shape_full_reload()
    scheduler = BlockingScheduler()
    scheduler.add_job(scheduler_alive, "interval", minutes=1, max_instances=1)
    scheduler.add_job(topology_runtime_refresh_tick, "interval", seconds=TOPOLOGY_RUNTIME_REFRESH_SECONDS, max_instances=1)
    scheduler.start()


if __name__ == "__main__":
    try:
        run_scheduler_main()
    except OSError as e:
        print(f"Error starting scheduler: {e}")

