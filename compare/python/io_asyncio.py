# The seed's "Example: Asynchronous Programming (asyncio)", with the delay
# from argv and the elapsed time printed.
import asyncio
import sys
import time

async def task(name, delay):
    print(f"Task {name}: starting")
    await asyncio.sleep(delay)
    print(f"Task {name}: finishing")

async def main(delay):
    tasks = [task(i, delay) for i in range(3)]
    await asyncio.gather(*tasks)

    print("All tasks completed.")

t0 = time.perf_counter()
asyncio.run(main(float(sys.argv[1]) if len(sys.argv) > 1 else 1))
print(f"elapsed {time.perf_counter() - t0}")
