#pragma once

// A ServerTransactionUser that records what it is told, and the incoming requests the server
// transaction tests feed it.

#include "sipcore/syntax/messageparser.h"
#include "sipcore/transaction/servertransactionuser.h"

#include <QTest>

#include <string>
#include <vector>

namespace sipcore::test {

struct RecordingServerUser final : ServerTransactionUser
{
    void onTransportError(std::error_code error) override { transportErrors.push_back(error); }
    void onStateChange(TransactionState state) override { states.push_back(state); }
    void onAckTimeout() override { ++ackTimeouts; }
    void receiveAck(const Request &) override { ++acks; }

    std::vector<std::error_code> transportErrors;
    std::vector<TransactionState> states;
    int ackTimeouts = 0;
    int acks = 0;
};

/// What a request from the peer at 127.0.0.1:5080 to us looks like once parsed. \a extra is
/// inserted before Content-Length, one header per line with CRLF.
inline Request peerRequest(std::string_view method,
                           std::string_view branch = "z9hG4bK-peer-1",
                           std::string_view toTag = {},
                           std::string_view extra = {},
                           std::string_view cseqMethod = {})
{
    std::string text = std::string(method) + " sip:ringback@127.0.0.1:5062 SIP/2.0\r\n";
    text += "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=" + std::string(branch) + "\r\n";
    text += "Max-Forwards: 70\r\n";
    text += "From: <sip:alice@127.0.0.1:5080>;tag=alice-tag\r\n";
    text += "To: <sip:ringback@127.0.0.1:5062>";
    if (!toTag.empty())
        text += ";tag=" + std::string(toTag);
    text += "\r\nCall-ID: server-transaction-test@127.0.0.1\r\n";
    text += "CSeq: 7 " + std::string(cseqMethod.empty() ? method : cseqMethod) + "\r\n";
    text += std::string(extra);
    text += "Content-Length: 0\r\n\r\n";
    auto parsed = MessageParser::parseDatagram(text);
    if (!parsed || !std::holds_alternative<Request>(*parsed))
        qFatal("test request does not parse:\n%s", text.c_str());
    return std::get<Request>(std::move(*parsed));
}

} // namespace sipcore::test
