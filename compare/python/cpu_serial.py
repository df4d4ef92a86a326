# The CPU-bound twin of the seed's tasks: a loop instead of a sleep.
import sys
import time

def task(name, n):
    x = 0
    for i in range(n):
        x += i
    return x

t0 = time.perf_counter()
n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
for i in range(3):
    task(i, n)
print("All tasks completed.")
print(f"elapsed {time.perf_counter() - t0}")
