// SPDX-License-Identifier: MIT
// {fmt}'s out-of-line part, compiled once for the whole build.
//
// Debian ships fmt as headers plus a shared libfmt.so. Linking the .so costs
// every tcpc run the dynamic loader's time (docs/BENCHMARKS.md, one-shot);
// header-only mode compiles format-inl.h's functions again in every
// translation unit that formats, 42 % of their CPU time (docs/BENCHMARKS.md,
// "Build time"). This file is the middle way, what fmt's own src/format.cc
// does: format-inl.h compiled here only, the rest of the build sees the
// declarations, and the functions end up inside libtcpc with hidden
// visibility (they are not tcpc's API). A program that also links fmt takes
// each function from one of the two; only linking both a static libfmt.a and
// libtcpc.a with --whole-archive would define them twice.
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {

// The templates that format.h declares but defines only in format-inl.h.
template auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;
template locale_ref::locale_ref(const std::locale& loc);
template auto locale_ref::get<std::locale>() const -> std::locale;
template auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template auto decimal_point_impl(locale_ref) -> char;
template auto thousands_sep_impl(locale_ref) -> thousands_sep_result<wchar_t>;
template auto decimal_point_impl(locale_ref) -> wchar_t;

}  // namespace detail
FMT_END_NAMESPACE
