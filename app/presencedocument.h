#pragma once

#include <QString>

#include <optional>

/// A presence document in PIDF (RFC 3863), as much of it as a softphone shows: whether the
/// person is available (the first tuple's basic status, "open" or "closed") and a note.
struct PresenceDocument
{
    QString basic; ///< "open" or "closed"; empty when the document gives none
    QString note;  ///< the first note of the presence or of a tuple; may be empty

    /// The PIDF document for \a entity (our AOR, a SIP URI): one tuple with \a basic and \a note.
    static QString build(const QString &entity, bool open, const QString &note);
    /// Reads \a xml; nullopt when it is not well-formed XML with a PIDF presence root.
    static std::optional<PresenceDocument> parse(const QString &xml);
};
