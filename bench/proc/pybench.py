"""Python's process pools on the same measurements as procbench: round trip
of one call and a map of no-op tasks on 2 processes. One JSON line per
measurement, like procbench; summarize.py makes the table."""
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Pool, get_start_method


def noop(x):
    return x


def latency(call, n):
    for i in range(200):
        call(i)
    ts = []
    for i in range(n):
        t = time.perf_counter()
        call(i)
        ts.append(time.perf_counter() - t)
    ts.sort()
    return ts[len(ts) // 2], ts[len(ts) * 99 // 100]


def timed(f, runs):
    ds = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        ds.append(time.perf_counter() - t)
    ds.sort()
    return ds[len(ds) // 2]


def emit(**kw):
    print(json.dumps(kw), flush=True)


def main():
    calls, items, runs, workers = (int(a) for a in sys.argv[1:5])
    xs = list(range(items))
    method = get_start_method()

    t = time.perf_counter()
    with Pool(workers) as pool:
        pool.apply(noop, (0,))
        emit(key="py.pool.start", label=f"multiprocessing.Pool({workers}) ({method})", total=time.perf_counter() - t)
        p50, p99 = latency(lambda i: pool.apply(noop, (i,)), calls)
        emit(key="py.pool.call", label="multiprocessing.Pool.apply", n=calls, p50=p50, p99=p99)

        def map1():
            assert pool.map(noop, xs, chunksize=1) == xs
        emit(key="py.pool.map1", label="multiprocessing.Pool.map(chunksize=1)", n=items, runs=1, total=timed(map1, 1))

        def mapd():
            assert pool.map(noop, xs) == xs
        emit(key="py.pool.mapauto", label="multiprocessing.Pool.map (default chunksize)", n=items, runs=runs, total=timed(mapd, runs))

    t = time.perf_counter()
    with ProcessPoolExecutor(workers) as ex:
        ex.submit(noop, 0).result()
        emit(key="py.ppe.start", label=f"ProcessPoolExecutor({workers})", total=time.perf_counter() - t)
        p50, p99 = latency(lambda i: ex.submit(noop, i).result(), calls)
        emit(key="py.ppe.call", label="ProcessPoolExecutor.submit().result()", n=calls, p50=p50, p99=p99)

        def pmap():
            assert list(ex.map(noop, xs)) == xs
        emit(key="py.ppe.map1", label="ProcessPoolExecutor.map (chunksize=1)", n=items, runs=1, total=timed(pmap, 1))


if __name__ == "__main__":
    main()
