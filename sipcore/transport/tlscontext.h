#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>

#include <string>
#include <system_error>

namespace sipcore {

class Logger;

/// What a TLS or WSS transport trusts and presents. Files are PEM.
struct TlsSettings
{
    /// The CAs whose certificates we trust; empty: the system's store (OpenSSL's default
    /// paths, /etc/ssl/certs on Debian).
    std::string caFile;
    /// The certificate (chain) and private key we present: always as a server, as a client
    /// when the server asks. Empty: none, and connections to us fail their handshake.
    std::string certificateFile;
    std::string privateKeyFile;
    /// As a server, accept only clients whose certificate chains to the trusted CAs.
    bool requireClientCertificate = false;
};

/// An OpenSSL context made from TlsSettings: TLS 1.2 at least, the trusted CAs, our
/// certificate and key, and whether clients must present one.
class TlsContext
{
public:
    explicit TlsContext(const TlsSettings &settings);

    boost::asio::ssl::context &context() { return m_context; }
    /// Which file of the settings could not be loaded and why; empty when all loaded.
    const std::string &problem() const { return m_problem; }

    /// Prepares the client side of \a stream to reach \a serverName: SNI unless it is an IP
    /// literal (RFC 6066 §3), and the server's certificate must chain to the trusted CAs and
    /// name \a serverName in subjectAltName (RFC 5922 §7).
    static void verifyServer(boost::asio::ssl::stream<boost::asio::ip::tcp::socket> &stream,
                             const std::string &serverName);
    /// Why the handshake on \a stream failed with \a ec: CertificateRejected when we are the
    /// client and the server's certificate did not verify, else TlsFailed. Logs the detail.
    static std::error_code
    handshakeFailure(boost::asio::ssl::stream<boost::asio::ip::tcp::socket> &stream,
                     bool client,
                     const std::string &serverName,
                     const boost::system::error_code &ec,
                     const Logger &logger,
                     const std::string &connectionName);

private:
    boost::asio::ssl::context m_context;
    std::string m_problem;
};

} // namespace sipcore
