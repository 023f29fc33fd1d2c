// SPDX-License-Identifier: MIT
#include "tcpc/terminal_text.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace std::string_literals;
using tcpc::escape_for_terminal;

namespace {

TEST(TerminalText, TextAndLayoutUnchanged) {
  EXPECT_EQ(escape_for_terminal(""), "");
  EXPECT_EQ(escape_for_terminal("hello\n\tworld\n"), "hello\n\tworld\n");
  EXPECT_EQ(escape_for_terminal("你好 😀 café"), "你好 😀 café");
  EXPECT_EQ(escape_for_terminal("\xef\xbf\xbd"), "\xef\xbf\xbd");  // U+FFFD itself
}

TEST(TerminalText, EscapeSequencesAreShownNotRun) {
  EXPECT_EQ(escape_for_terminal("\x1b[2J\x1b[31mred"), "^[[2J^[[31mred");
  // OSC 0 (title) and OSC 52 (clipboard), ended by BEL or ST.
  EXPECT_EQ(escape_for_terminal("\x1b]0;owned\x07"), "^[]0;owned^G");
  EXPECT_EQ(escape_for_terminal("\x1b]52;c;aGk=\x1b\\"), "^[]52;c;aGk=^[\\");
  EXPECT_EQ(escape_for_terminal("\x1b[10;10H\x1b[A"), "^[[10;10H^[[A");
}

TEST(TerminalText, ControlBytesInCaretNotation) {
  EXPECT_EQ(escape_for_terminal("a\0b"s), "a^@b");
  EXPECT_EQ(escape_for_terminal("\x01\x08\x7f\x1f"), "^A^H^?^_");
  EXPECT_EQ(escape_for_terminal("bell\a"), "bell^G");
}

TEST(TerminalText, CarriageReturnOnlyAsLineEnd) {
  EXPECT_EQ(escape_for_terminal("HTTP/1.1 200 OK\r\n\r\n"), "HTTP/1.1 200 OK\n\n");
  EXPECT_EQ(escape_for_terminal("secret\rfake"), "secret^Mfake");
  EXPECT_EQ(escape_for_terminal("end\r"), "end^M");
  EXPECT_EQ(escape_for_terminal("\r\r\n"), "^M\n");
}

TEST(TerminalText, InvalidUtf8AsHexBytes) {
  EXPECT_EQ(escape_for_terminal("\xff"), "\\xff");
  EXPECT_EQ(escape_for_terminal("\xc4\xe3\xba\xc3"), "\\xc4\\xe3\\xba\\xc3");  // 你好 in GBK
  EXPECT_EQ(escape_for_terminal("\xc0\xaf"), "\\xc0\\xaf");                    // overlong '/'
  EXPECT_EQ(escape_for_terminal("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // a surrogate
  EXPECT_EQ(escape_for_terminal("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // > U+10FFFF
  // A bad byte never swallows the valid text after it.
  EXPECT_EQ(escape_for_terminal("\xe4\xbd"
                                "a"),
            "\\xe4\\xbda");
  EXPECT_EQ(escape_for_terminal("\xe4\xbd"), "\\xe4\\xbd");  // cut short at the end
}

TEST(TerminalText, C1AndBidiControlsNamed) {
  EXPECT_EQ(escape_for_terminal("\xc2\x9b"
                                "2J"),
            "<U+009B>2J");  // CSI as one character
  EXPECT_EQ(escape_for_terminal("\xc2\x85"), "<U+0085>");
  EXPECT_EQ(escape_for_terminal("a\xe2\x80\xae"
                                "b"),
            "a<U+202E>b");  // right-to-left override
  EXPECT_EQ(escape_for_terminal("\xe2\x81\xa6"), "<U+2066>");
  EXPECT_EQ(escape_for_terminal("\xc2\xa0"), "\xc2\xa0");  // no-break space is text
}

TEST(TerminalText, SplitCharacterIsHeldUntilTheRestArrives) {
  tcpc::TerminalEscaper escaper;
  std::string out;
  const std::string text = "你好";
  escaper.feed(text.substr(0, 1), out);
  EXPECT_EQ(out, "");
  escaper.feed(text.substr(1, 3), out);
  EXPECT_EQ(out, "你");
  escaper.feed(text.substr(4), out);
  escaper.finish(out);
  EXPECT_EQ(out, "你好");
}

TEST(TerminalText, FinishShowsAHeldTail) {
  tcpc::TerminalEscaper escaper;
  std::string out;
  escaper.feed("ok\xe4\xbd", out);
  EXPECT_EQ(out, "ok");
  escaper.finish(out);
  EXPECT_EQ(out, "ok\\xe4\\xbd");
  escaper.feed("x", out);  // a new stream
  EXPECT_EQ(out, "ok\\xe4\\xbdx");
}

TEST(TerminalText, HeldBytesThatTurnOutInvalid) {
  tcpc::TerminalEscaper escaper;
  std::string out;
  escaper.feed("\xe4", out);
  escaper.feed("A", out);
  EXPECT_EQ(out, "\\xe4A");
}

}  // namespace
