// libFuzzer target: MultipartBody on arbitrary bytes. Input: the first line (up to LF, a CR
// before it dropped) is a Content-Type value or, when boundaryOf() finds no boundary in it, the
// boundary itself; the rest is the multipart body. The oracle: splitting is deterministic; an
// error is a syntax-category error; every part's headers and body lie inside the body, in
// order, without overlapping; the header block splits into lines partHeader() can read; a
// body rebuilt from the parts with the same boundary splits into the same parts; the same
// body with maxParts one below the count fails with TooManyParts; a part whose Content-Type
// is multipart is split again (three levels deep at most) under the same oracle.
#include "sipcore/syntax/multipartbody.h"
#include "sipcore/syntax/syntaxerror.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using sipcore::MultipartBody;
using Part = MultipartBody::Part;

void check(bool condition)
{
    if (!condition)
        std::abort();
}

bool within(std::string_view inner, std::string_view outer)
{
    return inner.data() >= outer.data()
           && inner.data() + inner.size() <= outer.data() + outer.size();
}

/// The canonical text of \a parts: no preamble, padding or epilogue.
std::string rebuild(const std::vector<Part> &parts, std::string_view boundary)
{
    std::string text;
    for (const Part &part : parts) {
        text.append(text.empty() ? "--" : "\r\n--").append(boundary).append("\r\n");
        if (!part.headers.empty())
            text.append(part.headers).append("\r\n");
        text.append("\r\n").append(part.body);
    }
    text.append("\r\n--").append(boundary).append("--");
    return text;
}

bool sameParts(const std::vector<Part> &a, const std::vector<Part> &b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].headers != b[i].headers || a[i].body != b[i].body)
            return false;
    }
    return true;
}

void splitAndCheck(std::string_view body, std::string_view boundary, int depth)
{
    const auto parts = MultipartBody::split(body, boundary);
    const auto again = MultipartBody::split(body, boundary);
    check(parts.error() == again.error());
    if (!parts) {
        check(&parts.error().category() == &sipcore::syntaxCategory());
        return;
    }
    check(!parts->empty());
    check(parts->size() == again->size());
    const char *previousEnd = body.data();
    for (std::size_t i = 0; i < parts->size(); ++i) {
        const Part &part = parts->at(i);
        check(part.headers.data() == again->at(i).headers.data());
        check(part.body.data() == again->at(i).body.data());
        check(part.headers.size() == again->at(i).headers.size());
        check(part.body.size() == again->at(i).body.size());
        check(within(part.headers, body) && within(part.body, body));
        check(part.headers.data() >= previousEnd);
        check(part.body.data() >= part.headers.data() + part.headers.size());
        previousEnd = part.body.data() + part.body.size();
        if (const auto value = MultipartBody::partHeader(part, "Content-Type")) {
            check(within(*value, part.headers));
            if (depth < 3) {
                if (const auto inner = MultipartBody::boundaryOf(*value))
                    splitAndCheck(part.body, *inner, depth + 1);
            }
        }
    }

    const std::string canonical = rebuild(*parts, boundary);
    const auto reparsed = MultipartBody::split(canonical, boundary);
    check(reparsed.ok() && sameParts(*parts, *reparsed));

    const auto limited = MultipartBody::split(body, boundary, parts->size() - 1);
    check(limited.error() == std::error_code(sipcore::SyntaxError::TooManyParts));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    const std::size_t newline = input.find('\n');
    if (newline == std::string_view::npos)
        return 0;
    std::string_view firstLine = input.substr(0, newline);
    if (firstLine.ends_with('\r'))
        firstLine.remove_suffix(1);
    const std::string_view body = input.substr(newline + 1);
    const auto boundary = MultipartBody::boundaryOf(firstLine);
    if (boundary)
        check(within(*boundary, firstLine));
    splitAndCheck(body, boundary ? *boundary : firstLine, 0);
    return 0;
}
