#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <chrono>

/// A caller scripted step by step and written out as a SIPp UAC scenario, to play
/// well-behaved and misbehaving callers against the callee scenarios (their self-test).
/// Requests carry fixed branches, CSeq numbers and tags, so a script can repeat or change any
/// of them; the callee scenarios answer with the To tag "callee". Run it with SIPp's -nd:
/// responses the script does not wait for are then ignored.
class ScriptedCaller
{
public:
    struct Request
    {
        QString method = QStringLiteral("INVITE");
        QString branch = QStringLiteral("invite");       ///< the Via branch is "z9hG4bK" + this
        int sequenceNumber = 1;                          ///< the CSeq number
        bool toTag = false;                              ///< To carries ";tag=callee"
        QString requestUser = QStringLiteral("service"); ///< user part of the Request-URI
        QString fromTag = QStringLiteral("caller");
        QString callIdSuffix = {}; ///< appended to the Call-ID: another call
    };

    /// Sends \a request to the callee.
    ScriptedCaller &send(const Request &request);
    /// Waits for a response with \a statusCode (others meanwhile are ignored).
    ScriptedCaller &await(int statusCode);
    /// Does nothing for \a duration.
    ScriptedCaller &pause(std::chrono::milliseconds duration);

    /// The SIPp scenario XML.
    QString scenario() const;
    /// Writes scenario() to \a path; false and why in \a error when it cannot.
    bool write(const QString &path, QString *error) const;

private:
    QStringList m_steps;
};

Q_DECLARE_METATYPE(ScriptedCaller)
