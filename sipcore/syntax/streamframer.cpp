#include "sipcore/syntax/streamframer.h"

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

#include <optional>
#include <string>

namespace sipcore {

namespace {

using Status = StreamFramer::Status;

StreamFramer::Result bad(SyntaxError error, std::size_t keepAlive)
{
    StreamFramer::Result result;
    result.status = Status::Bad;
    result.error = error;
    result.keepAliveOctets = keepAlive;
    return result;
}

/// The offset just past the empty line ending the header section that starts at \a from, or
/// nullopt when the buffer ends first. The empty line is CRLF or a bare LF.
std::optional<std::size_t> headerSectionEnd(std::string_view buffer, std::size_t from)
{
    for (std::size_t i = buffer.find('\n', from); i != std::string_view::npos;
         i = buffer.find('\n', i + 1)) {
        if (i + 1 < buffer.size() && buffer[i + 1] == '\n')
            return i + 2;
        if (i + 2 < buffer.size() && buffer[i + 1] == '\r' && buffer[i + 2] == '\n')
            return i + 3;
    }
    return std::nullopt;
}

/// Digits only (leading zeros allowed), at most \a limit; nullopt otherwise.
std::optional<std::size_t> parseLength(std::string_view text, std::size_t limit)
{
    if (text.empty())
        return std::nullopt;
    std::size_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + static_cast<std::size_t>(c - '0');
        if (value > limit)
            return limit + 1; // too large, without overflowing
    }
    return value;
}

} // namespace

StreamFramer::Result StreamFramer::frame(std::string_view buffer, Limits limits)
{
    // Keep-alives: CRLF (or a bare LF) before a message.
    std::size_t start = 0;
    while (start < buffer.size()) {
        if (buffer[start] == '\n')
            ++start;
        else if (buffer[start] == '\r' && start + 1 < buffer.size() && buffer[start + 1] == '\n')
            start += 2;
        else
            break;
    }
    Result result;
    result.consumed = start;
    result.keepAliveOctets = start;
    if (start == buffer.size() || (buffer.size() - start == 1 && buffer[start] == '\r'))
        return result; // only keep-alives so far

    const auto end = headerSectionEnd(buffer, start);
    if (!end) {
        if (buffer.size() - start > limits.maxHeaderSection)
            return bad(SyntaxError::MessageTooLarge, start);
        return result;
    }
    if (*end - start > limits.maxHeaderSection)
        return bad(SyntaxError::MessageTooLarge, start);

    // Content-Length (or "l"), every field of it, folded continuations included.
    std::optional<std::size_t> length;
    bool inContentLength = false;
    std::string pending; // the current Content-Length value, folded lines joined
    const auto takeValue = [&](std::string_view value) -> std::optional<SyntaxError> {
        const auto parsed = parseLength(lexical::trim(value), limits.maxMessageSize);
        if (!parsed)
            return SyntaxError::BadContentLength;
        if (length && *length != *parsed)
            return SyntaxError::ConflictingContentLength;
        length = parsed;
        return std::nullopt;
    };
    std::string_view section = buffer.substr(start, *end - start);
    std::size_t lineStart = section.find('\n'); // skip the start line
    while (lineStart != std::string_view::npos && lineStart + 1 < section.size()) {
        std::size_t lineEnd = section.find('\n', lineStart + 1);
        if (lineEnd == std::string_view::npos)
            lineEnd = section.size();
        std::string_view line = section.substr(lineStart + 1, lineEnd - lineStart - 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        lineStart = lineEnd;
        if (line.empty())
            break;
        if (lexical::isWhitespace(line.front())) {
            if (inContentLength)
                pending.append(1, ' ').append(lexical::trim(line));
            continue;
        }
        if (inContentLength) {
            if (auto error = takeValue(pending))
                return bad(*error, start);
        }
        const std::size_t colon = line.find(':');
        inContentLength
                = colon != std::string_view::npos
                  && headerNameEquals(lexical::trim(line.substr(0, colon)), "Content-Length");
        if (inContentLength)
            pending.assign(line.substr(colon + 1));
    }
    if (inContentLength) {
        if (auto error = takeValue(pending))
            return bad(*error, start);
    }
    if (!length)
        return bad(SyntaxError::MissingContentLength, start);

    const std::size_t total = *end - start + *length;
    if (*length > limits.maxMessageSize || total > limits.maxMessageSize)
        return bad(SyntaxError::MessageTooLarge, start);
    if (buffer.size() - start < total)
        return result; // the body is still arriving
    result.status = Status::Complete;
    result.message = buffer.substr(start, total);
    result.consumed = start + total;
    return result;
}

} // namespace sipcore
