#pragma once

#include "sipcore/core/incomingrequestdelegate.h"
#include "sipcore/transaction/servertransaction.h"

#include <memory>
#include <string>
#include <vector>

namespace sipcore {

class UserAgentCore;

/// What a response carries besides its status (SIP.js's ResponseOptions).
struct ResponseOptions
{
    std::string reasonPhrase; ///< the RFC's when empty
    std::vector<HeaderLine> extraHeaders;
    std::string body;
    std::string contentType; ///< required with a body
};

/// A user-agent server (RFC 3261 §8.2, SIP.js's UserAgentServer): owns the server transaction
/// of one incoming request and sends the responses of the layer above through it, so
/// retransmitted requests are answered again and the ACK of a non-2xx final is absorbed.
/// Construct with std::make_shared and start(); the core keeps it registered under its
/// transaction id until that transaction terminates. Lives on the core thread; the core
/// outlives it.
class UserAgentServer :
    public std::enable_shared_from_this<UserAgentServer>,
    protected ServerTransactionUser
{
public:
    /// \a source: where \a message came from, over \a transport (which the responses take).
    UserAgentServer(UserAgentCore &core,
                    Request message,
                    Endpoint source,
                    Transport &transport,
                    IncomingRequestDelegate *delegate = nullptr);
    virtual ~UserAgentServer();
    UserAgentServer(const UserAgentServer &) = delete;
    UserAgentServer &operator=(const UserAgentServer &) = delete;

    /// Registers with the core and starts the transaction.
    void start();

    /// The request as received.
    const Request &message() const { return m_transaction->request(); }
    ServerTransaction *transaction() const { return m_transaction.get(); }
    IncomingRequestDelegate *delegate() const { return m_delegate; }
    void setDelegate(IncomingRequestDelegate *delegate) { m_delegate = delegate; }
    /// The To tag every response above 100 carries (the request's own when it has one).
    const std::string &toTag() const { return m_toTag; }
    /// Every 2xx from now on carries \a contact as its Contact unless the options give one: a
    /// dialog sets it for the target refreshes it hands on (UPDATE, RFC 3311 §5.2).
    void setSuccessContact(std::string contact) { m_successContact = std::move(contact); }

    /// Sends a response with \a statusCode (100-699) through the transaction; the errors are
    /// the transaction's (TransactionError::AlreadyFinal after a final response, …).
    virtual std::error_code reply(int statusCode, ResponseOptions options = {});
    /// The core matched \a cancel to this INVITE and answered it 200 (§9.2): the delegate
    /// hears of it, then an INVITE still without a final response gets 487.
    void receiveCancel(const Request &cancel);
    /// Stops the transaction and unregisters; the delegate is called no more. Idempotent.
    virtual void dispose();

protected:
    /// The response reply() sends: the request's fields, our To tag above 100, the options,
    /// Server and the success Contact on a 2xx.
    Response buildResponse(int statusCode, const ResponseOptions &options) const;

    // ServerTransactionUser
    void onTransportError(std::error_code error) override;
    void onStateChange(TransactionState state) override;

    UserAgentCore &m_core;
    IncomingRequestDelegate *m_delegate;
    std::shared_ptr<ServerTransaction> m_transaction;
    std::string m_toTag;
    std::string m_successContact;
    bool m_disposed = false;
};

} // namespace sipcore
