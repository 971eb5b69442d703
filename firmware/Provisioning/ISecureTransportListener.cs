namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>Completion of an <see cref="ISecureTransport"/> request.</summary>
    public interface ISecureTransportListener
    {
        /// <summary>
        /// The request finished. With <see cref="TransportResult.Completed"/>, httpStatus is the HTTP
        /// status and body[offset..offset+count) the response body (valid only during the call).
        /// Otherwise httpStatus is 0 and the body empty.
        /// </summary>
        void OnPostCompleted(TransportResult result, int httpStatus, byte[] body, int offset, int count);
    }
}
