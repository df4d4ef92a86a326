# The CPU-bound twin of the seed's multiprocessing example: each process has
# its own interpreter and GIL, so the tasks run on separate cores.
import multiprocessing
import sys
import time

def task(name, n):
    x = 0
    for i in range(n):
        x += i
    return x

if __name__ == '__main__':
    t0 = time.perf_counter()
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    with multiprocessing.Pool(processes=3) as pool:
        pool.starmap(task, [(i, n) for i in range(3)])
    print("All tasks completed.")
    print(f"elapsed {time.perf_counter() - t0}")
