# The seed's "Example: Multiprocessing", with the delay from argv and the
# elapsed time printed.
import multiprocessing
import sys
import time

def task(name, delay):
    print(f"Task {name}: starting")
    time.sleep(delay)
    print(f"Task {name}: finishing")

if __name__ == '__main__':
    t0 = time.perf_counter()
    delay = float(sys.argv[1]) if len(sys.argv) > 1 else 1
    with multiprocessing.Pool(processes=3) as pool:
        results = pool.starmap(task, [(i, delay) for i in range(3)])

    print("All tasks completed.")
    print(f"elapsed {time.perf_counter() - t0}")
