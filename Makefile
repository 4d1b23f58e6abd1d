# Phonon — top-level entry points. CMake + CTest do the work underneath.
#   make          release build: build/phonon
#   make run      install missing Debian packages, build, render the demo
#   make test     build and run the whole test suite (unit, integration, conformance)
#   make asan     the same tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   make fuzz     libFuzzer targets, FUZZ_SECONDS each (default 60)
#   make bench    build and run the benchmarks in bench/

JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 60
CMAKE_FLAGS ?=

.PHONY: all build run test asan fuzz bench deps clean

all: build

deps:
	@bash scripts/install-deps.sh

build/CMakeCache.txt:
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null

build: build/CMakeCache.txt
	@cmake --build build -j $(JOBS)

run: deps
	@$(MAKE) --no-print-directory build
	@bash scripts/demo.sh

test: deps
	@$(MAKE) --no-print-directory build
	@cd build && ctest --output-on-failure -j $(JOBS)

asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPHONON_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build build-asan -j $(JOBS)
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

fuzz: deps
	@CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DPHONON_FUZZ=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	@bash scripts/fuzz.sh build-fuzz $(FUZZ_SECONDS)

bench: deps
	@$(MAKE) --no-print-directory build
	@bash scripts/bench.sh

clean:
	rm -rf build build-asan build-fuzz
