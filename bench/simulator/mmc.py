"""M/M/c queue in SimPy 3: the baseline for `npm run bench:simulator`.

Same model as the TypeScript run: Poisson arrivals at rate lambda, `servers` identical servers, exponential
service with mean 1/mu, FIFO. Prints one JSON line: customers, model events (arrivals + departures),
wall seconds of the simulation loop, mean queue wait and P(wait > 0).
Usage: python3 mmc.py --servers 16 --rho 0.9 --customers 300000 --seed 1
"""
import argparse
import json
import random
import time

import simpy


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--servers", type=int, default=16)
    ap.add_argument("--rho", type=float, default=0.9)
    ap.add_argument("--mean-service", type=float, default=1.0)
    ap.add_argument("--customers", type=int, default=300000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    rng = random.Random(a.seed)
    mu = 1.0 / a.mean_service
    lam = a.rho * a.servers * mu
    env = simpy.Environment()
    pool = simpy.Resource(env, capacity=a.servers)
    stats = {"done": 0, "wait_sum": 0.0, "waited": 0}

    def customer(env):
        t0 = env.now
        with pool.request() as req:
            yield req
            w = env.now - t0
            stats["wait_sum"] += w
            if w > 0:
                stats["waited"] += 1
            yield env.timeout(rng.expovariate(mu))
        stats["done"] += 1

    def source(env):
        for _ in range(a.customers):
            yield env.timeout(rng.expovariate(lam))
            env.process(customer(env))

    env.process(source(env))
    t0 = time.perf_counter()
    env.run()
    wall = time.perf_counter() - t0
    n = stats["done"]
    print(json.dumps({
        "customers": n,
        "modelEvents": 2 * n,
        "wallSec": wall,
        "meanWaitSec": stats["wait_sum"] / n,
        "probWait": stats["waited"] / n,
        "simpy": simpy.__version__ if hasattr(simpy, "__version__") else "3",
    }))


if __name__ == "__main__":
    main()
