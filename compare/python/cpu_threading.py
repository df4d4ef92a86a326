# The CPU-bound twin of the seed's threading example: the GIL lets one
# thread run Python code at a time, so three threads take as long as one
# after another.
import sys
import threading
import time

def task(name, n):
    x = 0
    for i in range(n):
        x += i
    return x

t0 = time.perf_counter()
n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
threads = [threading.Thread(target=task, args=(i, n)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("All tasks completed.")
print(f"elapsed {time.perf_counter() - t0}")
