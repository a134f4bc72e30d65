#pragma once

// Test support: SIP message text built from parts, for the parser and validator tests.

#include "sipcore/syntax/syntaxerror.h"

#include <QByteArray>
#include <QByteArrayList>

namespace sipcore::test {

inline int code(SyntaxError error)
{
    return static_cast<int>(error);
}

inline QByteArray
message(const QByteArray &startLine, const QByteArrayList &headers, const QByteArray &body = {})
{
    QByteArray out = startLine + "\r\n";
    for (const QByteArray &header : headers)
        out += header + "\r\n";
    return out + "\r\n" + body;
}

inline QByteArrayList requestHeaders(const QByteArray &method)
{
    return {"Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds",
            "Max-Forwards: 70",
            "To: Bob <sip:bob@biloxi.com>",
            "From: Alice <sip:alice@atlanta.com>;tag=1928301774",
            "Call-ID: a84b4c76e66710@pc33.atlanta.com",
            "CSeq: 314159 " + method,
            "Content-Length: 0"};
}

// The headers with the field called name replaced by line, or removed when line is empty.
inline QByteArrayList
replaced(QByteArrayList headers, const QByteArray &name, const QByteArray &line)
{
    for (qsizetype i = 0; i < headers.size(); ++i) {
        if (headers[i].startsWith(name + ':')) {
            if (line.isEmpty())
                headers.removeAt(i);
            else
                headers[i] = line;
            return headers;
        }
    }
    headers.append(line);
    return headers;
}

} // namespace sipcore::test
