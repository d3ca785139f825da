# kai-cost - exact cost calculator for the 특화 AI 파운데이션 모델 사업.
# Targets: all (default) check install uninstall bench fuzz fuzz-rules fuzz-members fuzz-tsv clean,
# pot (regenerate po/kai-cost.pot) and po-check (catalogues complete and the pot current).

VERSION   = 0.1.0
PREFIX    = /usr/local
BINDIR    = $(PREFIX)/bin
MANPREFIX = $(PREFIX)/share/man
DATADIR   = $(PREFIX)/share/kai-cost
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(PREFIX)/share/zsh/site-functions
# Where the installed binary looks for its message catalogues; at run time
# $KAI_COST_LOCALEDIR comes first (the tests and an uninstalled build: build/locale).
LOCALEDIR = $(PREFIX)/share/locale

CC       ?= cc
CFLAGS   ?= -O2 -g
WARN      = -Wall -Wextra -Werror
CPPFLAGS += -D_GNU_SOURCE -DKAI_VERSION='"$(VERSION)"' -DLOCALEDIR='"$(LOCALEDIR)"' -Iinclude
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
UNITS   = num rules field output batch calendar ruleset team members plan outfile sheet csvread table
UNIT_BINS = $(UNITS:%=$(BUILD)/test_%) $(BUILD)/test_csvread_portable $(BUILD)/test_num_portable \
            $(BUILD)/test_num_int128

# The translations: po/LANG.po for each language in LINGUAS, built into
# build/locale/LANG/LC_MESSAGES/kai-cost.mo.
LINGUAS   = ko
MOS       = $(LINGUAS:%=build/locale/%/LC_MESSAGES/kai-cost.mo)
# The sources xgettext reads for po/kai-cost.pot: every module with strings for people.
POT_SRCS  = $(sort $(wildcard src/*.c include/*.h))
XGETTEXT_FLAGS = --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --add-comments=TRANSLATORS: \
	--package-name=kai-cost --package-version=$(VERSION) --msgid-bugs-address= --sort-by-file

# The man pages, English and Korean: docs/kai-cost.1.in and docs/ko/kai-cost.1.in
# with @VERSION@ filled in, so that man -l docs/kai-cost.1 shows the version too.
MANPAGES = docs/kai-cost.1 docs/ko/kai-cost.1

all: $(BIN) $(MOS) $(MANPAGES)

docs/%.1: docs/%.1.in Makefile
	sed 's/@VERSION@/$(VERSION)/g' $< > $@.tmp && mv -f $@.tmp $@

build/locale/%/LC_MESSAGES/kai-cost.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

# make pot: po/kai-cost.pot from the sources; then msgmerge --update po/ko.po po/kai-cost.pot.
pot:
	xgettext $(XGETTEXT_FLAGS) -o po/kai-cost.pot $(POT_SRCS)

# Every catalogue complete (no untranslated or fuzzy entry, formats checked) and
# po/kai-cost.pot the one the sources give now (header dates aside).
po-check:
	@mkdir -p build
	@xgettext $(XGETTEXT_FLAGS) -o build/kai-cost.pot.new $(POT_SRCS) 2>build/xgettext.log || \
	  { cat build/xgettext.log >&2; exit 1; }
	@msgcat --no-location --sort-output --no-wrap build/kai-cost.pot.new | grep -v '^"POT-Creation-Date:' > build/pot.fresh
	@msgcat --no-location --sort-output --no-wrap po/kai-cost.pot | grep -v '^"POT-Creation-Date:' > build/pot.committed
	@cmp -s build/pot.fresh build/pot.committed || { \
	  echo "po-check: po/kai-cost.pot is stale: run make pot, then msgmerge --update po/LANG.po po/kai-cost.pot" >&2; \
	  diff build/pot.committed build/pot.fresh | head -n 20 >&2; exit 1; }
	@for l in $(LINGUAS); do \
	  stats=$$(LC_ALL=C msgfmt --check --statistics -o /dev/null po/$$l.po 2>&1) || { echo "$$stats" >&2; exit 1; }; \
	  echo "po/$$l.po: $$stats"; \
	  case $$stats in *untranslated*|*fuzzy*) echo "po-check: po/$$l.po is incomplete" >&2; exit 1;; esac; \
	  missing=$$(msgcmp po/$$l.po po/kai-cost.pot 2>&1) || { echo "$$missing" >&2; \
	    echo "po-check: po/$$l.po lacks msgids of po/kai-cost.pot: run msgmerge" >&2; exit 1; }; \
	done

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

# The reader once more without SSE2 (KAI_PORTABLE): its other way of
# marking blocks, which machines without SSE2 take, passes the same tests.
PORTABLE_OBJS = $(filter-out $(BUILD)/csvread.o,$(OBJS)) $(BUILD)/csvread_portable.o

$(BUILD)/csvread_portable.o: src/csvread.c include/*.h | $(BUILD)
	$(CC) $(CPPFLAGS) -DKAI_PORTABLE $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/test_csvread_portable: tests/test_csvread.c $(PORTABLE_OBJS) | $(BUILD)
	$(CC) $(CPPFLAGS) $(CMOCKA_CFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(PORTABLE_OBJS) $(CMOCKA_LIBS) $(LIBS)

# The number printer once more without 128-bit integers (KAI_PORTABLE), as
# 32-bit machines build it: its multiplication by halves passes the same tests.
NUM_PORTABLE_OBJS = $(filter-out $(BUILD)/num.o,$(OBJS)) $(BUILD)/num_portable.o

$(BUILD)/num_portable.o: src/num.c include/*.h | $(BUILD)
	$(CC) $(CPPFLAGS) -DKAI_PORTABLE $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/test_num_portable: tests/test_num.c $(NUM_PORTABLE_OBJS) | $(BUILD)
	$(CC) $(CPPFLAGS) -DKAI_PORTABLE $(CMOCKA_CFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(NUM_PORTABLE_OBJS) $(CMOCKA_LIBS) $(LIBS)

# And without the x86-64 multiply instruction (KAI_NO_ASM): the unsigned
# __int128 way that other 64-bit machines take passes the same tests.
NUM_INT128_OBJS = $(filter-out $(BUILD)/num.o,$(OBJS)) $(BUILD)/num_int128.o

$(BUILD)/num_int128.o: src/num.c include/*.h | $(BUILD)
	$(CC) $(CPPFLAGS) -DKAI_NO_ASM $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/test_num_int128: tests/test_num.c $(NUM_INT128_OBJS) | $(BUILD)
	$(CC) $(CPPFLAGS) -DKAI_NO_ASM $(CMOCKA_CFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(NUM_INT128_OBJS) $(CMOCKA_LIBS) $(LIBS)

$(BUILD):
	mkdir -p $@

# Inputs the fuzzers once failed on, and their seeds, replayed by every check.
FUZZ_INPUTS = $(wildcard tests/fuzz/regressions/* tests/fuzz/seeds/*)
RULES_FUZZ_INPUTS = $(wildcard tests/fuzz/rules-regressions/* tests/fuzz/rules-seeds/*)
MEMBERS_FUZZ_INPUTS = $(wildcard tests/fuzz/members-regressions/* tests/fuzz/members-seeds/*)
TSV_FUZZ_INPUTS = $(wildcard tests/fuzz/tsv-regressions/* tests/fuzz/tsv-seeds/*)

$(BUILD)/replay_%: tests/fuzz/replay.c tests/fuzz/fuzz_%.c $(OBJS) | $(BUILD)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/fuzz/replay.c tests/fuzz/fuzz_$*.c $(OBJS) $(LIBS)

# The whole suite, plain and then under the sanitizers.
check:
	$(MAKE) --no-print-directory po-check check-one check-install
	$(MAKE) --no-print-directory SAN=1 check-one

# The suites above expect the English messages: run them in the C locale,
# whatever the developer's LANG or LANGUAGE (tests/i18n.sh tests Korean).
EN = env -u LANGUAGE LC_ALL=C

# One build's unit tests and end-to-end tests.
check-one: $(BIN) $(MOS) $(UNIT_BINS) $(BUILD)/replay_batch $(BUILD)/replay_rules $(BUILD)/replay_members $(BUILD)/replay_tsv
	@for t in $(UNIT_BINS); do echo "== $$t"; ./$$t || exit 1; done
	@echo "== fuzz regressions"
	@./$(BUILD)/replay_batch $(FUZZ_INPUTS)
	@./$(BUILD)/replay_rules $(RULES_FUZZ_INPUTS)
	@./$(BUILD)/replay_members $(MEMBERS_FUZZ_INPUTS)
	@./$(BUILD)/replay_tsv $(TSV_FUZZ_INPUTS)
	@echo "== end-to-end: $(BIN)"
	@$(EN) bash tests/e2e.sh ./$(BIN)
	@echo "== faults: $(BIN)"
	@$(EN) bash tests/faults.sh ./$(BIN)
	@echo "== reports: xlsx, svg, md: $(BIN)"
	@$(EN) bash tests/xlsx.sh ./$(BIN)
	@$(EN) bash tests/svg.sh ./$(BIN)
	@$(EN) bash tests/md.sh ./$(BIN)
	@echo "== translations: $(BIN)"
	@bash tests/i18n.sh ./$(BIN)
	@echo "== completion: bash, zsh: $(BIN)"
	@bash tests/completion.sh ./$(BIN)
	@echo "== --header, tsv input, narrow tables: $(BIN)"
	@$(EN) bash tests/header.sh ./$(BIN)
	@$(EN) bash tests/tsv.sh ./$(BIN)
	@$(EN) bash tests/narrow.sh ./$(BIN)
	@bash tests/narrow-ko.sh ./$(BIN)

# make install into a scratch DESTDIR puts exactly the binary, the man pages
# (English, Korean), the rules table, the catalogues and the completions in place.
check-install: kai-cost $(MOS) $(MANPAGES)
	@rm -rf build/destdir
	@$(MAKE) --no-print-directory -s install DESTDIR=$(CURDIR)/build/destdir PREFIX=/usr
	@test -x build/destdir/usr/bin/kai-cost
	@grep -q '^\.TH KAI-COST 1 .*kai-cost $(VERSION)' build/destdir/usr/share/man/man1/kai-cost.1
	@grep -q '^\.TH KAI-COST 1 .*kai-cost $(VERSION)' build/destdir/usr/share/man/ko/man1/kai-cost.1
	@! grep -l '@VERSION@' build/destdir/usr/share/man/man1/kai-cost.1 build/destdir/usr/share/man/ko/man1/kai-cost.1
	@cmp -s completion/kai-cost.bash build/destdir/usr/share/bash-completion/completions/kai-cost
	@cmp -s completion/_kai-cost build/destdir/usr/share/zsh/site-functions/_kai-cost
	@cmp -s data/rules.csv build/destdir/usr/share/kai-cost/rules.csv
	@for l in $(LINGUAS); do cmp -s build/locale/$$l/LC_MESSAGES/kai-cost.mo \
	  build/destdir/usr/share/locale/$$l/LC_MESSAGES/kai-cost.mo || exit 1; done
	@test "$$(find build/destdir -type f | wc -l)" = $$((6 + $(words $(LINGUAS))))
	@echo "install: binary, man pages, rules table, catalogues and completions installed under DESTDIR"

# Benchmarks (SPEC §8): never part of check.
build/bench/gen: tests/bench/gen.c
	@mkdir -p build/bench
	$(CC) -std=c11 -O2 $(WARN) -o $@ $<

build/bench/csvparse: tests/bench/csvparse.c
	@mkdir -p build/bench
	$(CC) -std=c11 -O2 $(WARN) -o $@ $< $(LIBS)

# The floor: the same output with no checks, printing numbers as kai-cost does.
build/bench/floor: tests/bench/floor.c tests/programme.h src/num.c include/*.h
	@mkdir -p build/bench
	$(CC) -std=c11 -O2 $(WARN) -Iinclude -o $@ tests/bench/floor.c src/num.c

bench: kai-cost build/bench/gen build/bench/csvparse build/bench/floor
	@bash tests/bench/run.sh ./kai-cost build/bench/gen build/bench/csvparse build/bench/floor

# libFuzzer over the batch reader (make fuzz), the rules reader (make
# fuzz-rules), the members reader (make fuzz-members) or TSV input (make
# fuzz-tsv) for FUZZ_SECONDS; a
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

fuzz-tsv: build/fuzz/fuzz_tsv
	mkdir -p tests/fuzz/tsv-regressions
	./build/fuzz/fuzz_tsv -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
		-artifact_prefix=tests/fuzz/tsv-regressions/ build/fuzz/corpus-tsv tests/fuzz/tsv-seeds

install: kai-cost $(MOS) $(MANPAGES)
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/ko/man1 $(DESTDIR)$(DATADIR)
	cp -f kai-cost $(DESTDIR)$(BINDIR)/kai-cost
	chmod 755 $(DESTDIR)$(BINDIR)/kai-cost
	cp -f docs/kai-cost.1 $(DESTDIR)$(MANPREFIX)/man1/kai-cost.1
	chmod 644 $(DESTDIR)$(MANPREFIX)/man1/kai-cost.1
	cp -f docs/ko/kai-cost.1 $(DESTDIR)$(MANPREFIX)/ko/man1/kai-cost.1
	chmod 644 $(DESTDIR)$(MANPREFIX)/ko/man1/kai-cost.1
	mkdir -p $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	cp -f completion/kai-cost.bash $(DESTDIR)$(BASHCOMPDIR)/kai-cost
	chmod 644 $(DESTDIR)$(BASHCOMPDIR)/kai-cost
	cp -f completion/_kai-cost $(DESTDIR)$(ZSHCOMPDIR)/_kai-cost
	chmod 644 $(DESTDIR)$(ZSHCOMPDIR)/_kai-cost
	cp -f data/rules.csv $(DESTDIR)$(DATADIR)/rules.csv    # a copy to edit for --rules
	chmod 644 $(DESTDIR)$(DATADIR)/rules.csv
	for l in $(LINGUAS); do \
	  mkdir -p $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  cp -f build/locale/$$l/LC_MESSAGES/kai-cost.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/kai-cost.mo && \
	  chmod 644 $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/kai-cost.mo || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kai-cost $(DESTDIR)$(MANPREFIX)/man1/kai-cost.1
	rm -f $(DESTDIR)$(MANPREFIX)/ko/man1/kai-cost.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/kai-cost $(DESTDIR)$(ZSHCOMPDIR)/_kai-cost
	rm -f $(DESTDIR)$(DATADIR)/rules.csv
	-rmdir $(DESTDIR)$(DATADIR)
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/kai-cost.mo; done

clean:
	rm -rf build kai-cost $(MANPAGES)

.PHONY: all bench check check-one check-install po-check pot fuzz fuzz-rules fuzz-members fuzz-tsv install uninstall clean
