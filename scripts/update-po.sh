#!/usr/bin/env bash
# For translators: extracts the messages marked in src/cli (tr, trf, trnf,
# tr_noop, usage) and merges them into every po/LANG.po; new ones come in with an
# empty msgstr to fill. tests/integration/test_i18n.py fails while a message
# has no translation.
set -euo pipefail
cd "$(dirname "$0")/.."
pot=$(mktemp --suffix=.pot)
trap 'rm -f "$pot"' EXIT
# shellcheck disable=SC2046  # one argument per source file
xgettext --language=C++ --from-code=UTF-8 --keyword=tr --keyword=trf --keyword=trnf:1,2 --keyword=tr_noop --keyword=usage \
  --add-comments=TRANSLATORS: --package-name=tcpc --msgid-bugs-address="tcpc@localhost" \
  --sort-by-file --output="$pot" $(git ls-files 'src/cli/*.cpp' 'src/cli/*.hpp' | sort)
for po in po/*.po; do
  msgmerge --quiet --update --backup=none --no-fuzzy-matching "$po" "$pot"
done
