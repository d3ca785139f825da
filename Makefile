# kai-cost - exact cost calculator for the 특화 AI 파운데이션 모델 사업.
# Targets: all (default) check install uninstall bench fuzz fuzz-rules fuzz-members clean.

VERSION   = 0.1.0
PREFIX    = /usr/local
BINDIR    = $(PREFIX)/bin
MANPREFIX = $(PREFIX)/share/man
DATADIR   = $(PREFIX)/share/kai-cost

CC       ?= cc
CFLAGS   ?= -O2 -g
WARN      = -Wall -Wextra -Werror
CPPFLAGS += -D_GNU_SOURCE -DKAI_VERSION='"$(VERSION)"' -Iinclude
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) $(SANFLAGS)
LIBS      = -lcsv -lxlsxwriter
CMOCKA_CFLAGS = $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   = $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

# `make SAN=1 ...` builds everything under build/san with ASan and UBSan.
ifeq ($(SAN),1)
BUILD    = build/san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
BIN      = $(BUILD)/kai-cost
else
BUILD    = build/plain
BIN      = kai-cost
endif

MODULES = num rules field output table csvread batch calendar ruleset scenario team members plan outfile sheet xlsx svg md
OBJS    = $(MODULES:%=$(BUILD)/%.o) $(BUILD)/rules_builtin.o
UNITS   = num rules field output batch calendar ruleset team members plan outfile sheet
UNIT_BINS = $(UNITS:%=$(BUILD)/test_%)

all: $(BIN)

$(BIN): $(OBJS) $(BUILD)/main.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/%.o: src/%.c include/*.h | $(BUILD)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# data/rules.csv compiled in as a string: one source of truth, no file to find at run time.
$(BUILD)/rules_builtin.c: data/rules.csv | $(BUILD)
	{ echo '/* Generated from data/rules.csv by make: do not edit. */'; \
	  echo '#include "ruleset.h"'; \
	  echo 'const char ruleset_builtin[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/\t"/' -e 's/$$/\\n"/' $<; \
	  echo ';'; \
	  echo 'const size_t ruleset_builtin_len = sizeof ruleset_builtin - 1;'; } > $@

$(BUILD)/rules_builtin.o: $(BUILD)/rules_builtin.c include/*.h
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/test_%: tests/test_%.c $(OBJS) | $(BUILD)
	$(CC) $(CPPFLAGS) $(CMOCKA_CFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(OBJS) $(CMOCKA_LIBS) $(LIBS)

$(BUILD):
	mkdir -p $@

# Inputs the fuzzers once failed on, and their seeds, replayed by every check.
FUZZ_INPUTS = $(wildcard tests/fuzz/regressions/* tests/fuzz/seeds/*)
RULES_FUZZ_INPUTS = $(wildcard tests/fuzz/rules-regressions/* tests/fuzz/rules-seeds/*)
MEMBERS_FUZZ_INPUTS = $(wildcard tests/fuzz/members-regressions/* tests/fuzz/members-seeds/*)

$(BUILD)/replay_%: tests/fuzz/replay.c tests/fuzz/fuzz_%.c $(OBJS) | $(BUILD)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/fuzz/replay.c tests/fuzz/fuzz_$*.c $(OBJS) $(LIBS)

# The whole suite, plain and then under the sanitizers.
check:
	$(MAKE) --no-print-directory check-one check-install
	$(MAKE) --no-print-directory SAN=1 check-one

# One build's unit tests and end-to-end tests.
check-one: $(BIN) $(UNIT_BINS) $(BUILD)/replay_batch $(BUILD)/replay_rules $(BUILD)/replay_members
	@for t in $(UNIT_BINS); do echo "== $$t"; ./$$t || exit 1; done
	@echo "== fuzz regressions"
	@./$(BUILD)/replay_batch $(FUZZ_INPUTS)
	@./$(BUILD)/replay_rules $(RULES_FUZZ_INPUTS)
	@./$(BUILD)/replay_members $(MEMBERS_FUZZ_INPUTS)
	@echo "== end-to-end: $(BIN)"
	@bash tests/e2e.sh ./$(BIN)
	@echo "== faults: $(BIN)"
	@bash tests/faults.sh ./$(BIN)
	@echo "== reports: xlsx, svg, md: $(BIN)"
	@bash tests/xlsx.sh ./$(BIN)
	@bash tests/svg.sh ./$(BIN)
	@bash tests/md.sh ./$(BIN)

# make install into a scratch DESTDIR puts exactly the binary and man page in place.
check-install: kai-cost
	@rm -rf build/destdir
	@$(MAKE) --no-print-directory -s install DESTDIR=$(CURDIR)/build/destdir PREFIX=/usr
	@test -x build/destdir/usr/bin/kai-cost
	@grep -q '^\.TH KAI-COST 1 .*kai-cost $(VERSION)' build/destdir/usr/share/man/man1/kai-cost.1
	@cmp -s data/rules.csv build/destdir/usr/share/kai-cost/rules.csv
	@test "$$(find build/destdir -type f | wc -l)" = 3
	@echo "install: binary, man page and rules table installed under DESTDIR"

# Benchmarks (SPEC §8): never part of check.
build/bench/gen: tests/bench/gen.c
	@mkdir -p build/bench
	$(CC) -std=c11 -O2 $(WARN) -o $@ $<

build/bench/csvparse: tests/bench/csvparse.c
	@mkdir -p build/bench
	$(CC) -std=c11 -O2 $(WARN) -o $@ $< $(LIBS)

bench: kai-cost build/bench/gen build/bench/csvparse
	@bash tests/bench/run.sh ./kai-cost build/bench/gen build/bench/csvparse

# libFuzzer over the batch reader (make fuzz), the rules reader (make
# fuzz-rules) or the members reader (make fuzz-members) for FUZZ_SECONDS; a
# failing input lands in tests/fuzz/regressions/ (rules-regressions/,
# members-regressions/), where make check replays it from then on.
FUZZ_SECONDS = 60
FUZZ_LIB_SRCS = $(filter-out src/main.c,$(wildcard src/*.c)) build/plain/rules_builtin.c

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB_SRCS) include/*.h
	@command -v clang >/dev/null || { echo "fuzz: clang is missing: sh .ci/install-deps --fuzz" >&2; exit 1; }
	@mkdir -p build/fuzz/corpus-$*
	clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		$(CPPFLAGS) -o $@ $< $(FUZZ_LIB_SRCS) $(LIBS)

fuzz: build/fuzz/fuzz_batch
	mkdir -p tests/fuzz/regressions
	./build/fuzz/fuzz_batch -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
		-artifact_prefix=tests/fuzz/regressions/ build/fuzz/corpus-batch tests/fuzz/seeds

fuzz-rules: build/fuzz/fuzz_rules
	mkdir -p tests/fuzz/rules-regressions
	./build/fuzz/fuzz_rules -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
		-artifact_prefix=tests/fuzz/rules-regressions/ build/fuzz/corpus-rules tests/fuzz/rules-seeds

fuzz-members: build/fuzz/fuzz_members
	mkdir -p tests/fuzz/members-regressions
	./build/fuzz/fuzz_members -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
		-artifact_prefix=tests/fuzz/members-regressions/ build/fuzz/corpus-members tests/fuzz/members-seeds

install: kai-cost
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(DATADIR)
	cp -f kai-cost $(DESTDIR)$(BINDIR)/kai-cost
	chmod 755 $(DESTDIR)$(BINDIR)/kai-cost
	sed 's/@VERSION@/$(VERSION)/' docs/kai-cost.1 > $(DESTDIR)$(MANPREFIX)/man1/kai-cost.1
	chmod 644 $(DESTDIR)$(MANPREFIX)/man1/kai-cost.1
	cp -f data/rules.csv $(DESTDIR)$(DATADIR)/rules.csv    # a copy to edit for --rules
	chmod 644 $(DESTDIR)$(DATADIR)/rules.csv

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kai-cost $(DESTDIR)$(MANPREFIX)/man1/kai-cost.1
	rm -f $(DESTDIR)$(DATADIR)/rules.csv
	-rmdir $(DESTDIR)$(DATADIR)

clean:
	rm -rf build kai-cost

.PHONY: all bench check check-one check-install fuzz fuzz-rules fuzz-members install uninstall clean
