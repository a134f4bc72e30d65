#pragma once

// Test support: keeping failure reports readable.

#include <QString>

namespace interop {

/// The last \a chars characters of \a text, with a note of how much was left out.
inline QString tail(const QString &text, qsizetype chars)
{
    if (text.size() <= chars)
        return text;
    return QStringLiteral("[… %1 characters left out …]\n").arg(text.size() - chars)
           + text.right(chars);
}

} // namespace interop
