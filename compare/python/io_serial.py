# The seed's tasks, one after another: the baseline for the speed-ups.
import sys
import time

def task(name, delay):
    print(f"Task {name}: starting")
    time.sleep(delay)
    print(f"Task {name}: finishing")

t0 = time.perf_counter()
delay = float(sys.argv[1]) if len(sys.argv) > 1 else 1
for i in range(3):
    task(i, delay)
print("All tasks completed.")
print(f"elapsed {time.perf_counter() - t0}")
