# The seed's "Example: Multithreading", with the delay from argv and the
# elapsed time printed.
import sys
import threading
import time

def task(name, delay):
    print(f"Task {name}: starting")
    time.sleep(delay)
    print(f"Task {name}: finishing")

t0 = time.perf_counter()
delay = float(sys.argv[1]) if len(sys.argv) > 1 else 1
threads = []
for i in range(3):
    thread = threading.Thread(target=task, args=(i, delay))
    threads.append(thread)
    thread.start()

for thread in threads:
    thread.join()

print("All tasks completed.")
print(f"elapsed {time.perf_counter() - t0}")
