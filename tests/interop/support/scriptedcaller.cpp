#include "interop/support/scriptedcaller.h"

#include <QFile>

ScriptedCaller &ScriptedCaller::send(const Request &request)
{
    // SIPp fills in the bracketed keywords: its own address, the callee's, the call's Call-ID.
    const QString message
            = QStringLiteral(
                      "  <send>\n"
                      "    <![CDATA[\n"
                      "\n"
                      "      %1 sip:%2@[remote_ip]:[remote_port] SIP/2.0\n"
                      "      Via: SIP/2.0/UDP [local_ip]:[local_port];branch=z9hG4bK%3;rport\n"
                      "      Max-Forwards: 70\n"
                      "      From: <sip:caller@[local_ip]:[local_port]>;tag=%4\n"
                      "      To: <sip:service@[remote_ip]:[remote_port]>%5\n"
                      "      Call-ID: [call_id]%6\n"
                      "      CSeq: %7 %1\n"
                      "      Contact: <sip:caller@[local_ip]:[local_port]>\n"
                      "      Content-Length: 0\n"
                      "\n"
                      "    ]]>\n"
                      "  </send>\n")
                      .arg(request.method, request.requestUser, request.branch, request.fromTag,
                           request.toTag ? QStringLiteral(";tag=callee") : QString(),
                           request.callIdSuffix, QString::number(request.sequenceNumber));
    m_steps.append(message);
    return *this;
}

ScriptedCaller &ScriptedCaller::await(int statusCode)
{
    m_steps.append(QStringLiteral("  <recv response=\"%1\"/>\n").arg(statusCode));
    return *this;
}

ScriptedCaller &ScriptedCaller::pause(std::chrono::milliseconds duration)
{
    m_steps.append(QStringLiteral("  <pause milliseconds=\"%1\"/>\n").arg(duration.count()));
    return *this;
}

QString ScriptedCaller::scenario() const
{
    return QStringLiteral("<?xml version=\"1.0\" encoding=\"ISO-8859-1\" ?>\n"
                          "<scenario name=\"scripted caller\">\n")
           + m_steps.join(QString()) + QStringLiteral("</scenario>\n");
}

bool ScriptedCaller::write(const QString &path, QString *error) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(scenario().toUtf8()) < 0) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
