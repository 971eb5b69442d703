using M2MDevice.Protocol;

namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>
    /// Names of the provisioning enums for logs and the status display. nanoFramework keeps no enum names at run time
    /// (Enum.ToString gives the number), so the names live here, once.
    /// </summary>
    public static class ProvisioningNames
    {
        /// <summary>The name of a state, or its number when unknown.</summary>
        public static string Of(ProvisioningState state)
        {
            switch (state)
            {
                case ProvisioningState.Idle: return "Idle";
                case ProvisioningState.PreliminaryAttach: return "PreliminaryAttach";
                case ProvisioningState.Bootstrapping: return "Bootstrapping";
                case ProvisioningState.HomeOperatorQuery: return "HomeOperatorQuery";
                case ProvisioningState.PendingWait: return "PendingWait";
                case ProvisioningState.Downloading: return "Downloading";
                case ProvisioningState.Installing: return "Installing";
                case ProvisioningState.OperationalDetach: return "OperationalDetach";
                case ProvisioningState.OperationalAttach: return "OperationalAttach";
                case ProvisioningState.RollingBack: return "RollingBack";
                case ProvisioningState.PreliminaryDetach: return "PreliminaryDetach";
                case ProvisioningState.Notifying: return "Notifying";
                case ProvisioningState.NotificationWait: return "NotificationWait";
                case ProvisioningState.RetryWait: return "RetryWait";
                case ProvisioningState.Suspended: return "Suspended";
                case ProvisioningState.HomeAttach: return "HomeAttach";
                case ProvisioningState.Provisioned: return "Provisioned";
                default: return "State" + ((int)state).ToString();
            }
        }

        /// <summary>The name of an event, or its number when unknown.</summary>
        public static string Of(ProvisioningEvent value)
        {
            switch (value)
            {
                case ProvisioningEvent.Start: return "Start";
                case ProvisioningEvent.Timeout: return "Timeout";
                case ProvisioningEvent.AttachSucceeded: return "AttachSucceeded";
                case ProvisioningEvent.AttachFailed: return "AttachFailed";
                case ProvisioningEvent.DetachCompleted: return "DetachCompleted";
                case ProvisioningEvent.LinkLost: return "LinkLost";
                case ProvisioningEvent.ResponseReceived: return "ResponseReceived";
                case ProvisioningEvent.TransportFailed: return "TransportFailed";
                default: return "Event" + ((int)value).ToString();
            }
        }

        /// <summary>The name of an error reason, or its number when unknown.</summary>
        public static string Of(ProvisioningError error)
        {
            switch (error)
            {
                case ProvisioningError.None: return "None";
                case ProvisioningError.AttachFailed: return "AttachFailed";
                case ProvisioningError.LinkLost: return "LinkLost";
                case ProvisioningError.TransportFailed: return "TransportFailed";
                case ProvisioningError.Timeout: return "Timeout";
                case ProvisioningError.HttpStatus: return "HttpStatus";
                case ProvisioningError.MalformedAnswer: return "MalformedAnswer";
                case ProvisioningError.ServerError: return "ServerError";
                case ProvisioningError.UnknownDevice: return "UnknownDevice";
                case ProvisioningError.RsAuthenticationFailed: return "RsAuthenticationFailed";
                case ProvisioningError.SyncFailure: return "SyncFailure";
                case ProvisioningError.AnswerRejected: return "AnswerRejected";
                case ProvisioningError.PendingLimit: return "PendingLimit";
                case ProvisioningError.PackageRejected: return "PackageRejected";
                case ProvisioningError.PackageNotNewer: return "PackageNotNewer";
                case ProvisioningError.PackageInvalid: return "PackageInvalid";
                case ProvisioningError.StorageFailed: return "StorageFailed";
                case ProvisioningError.OperationalAttachFailed: return "OperationalAttachFailed";
                case ProvisioningError.HomeOperatorDataTooLarge: return "HomeOperatorDataTooLarge";
                case ProvisioningError.CorruptState: return "CorruptState";
                case ProvisioningError.AttemptsExhausted: return "AttemptsExhausted";
                case ProvisioningError.UnsupportedAlgorithm: return "UnsupportedAlgorithm";
                case ProvisioningError.NoHomeOperatorContext: return "NoHomeOperatorContext";
                default: return "Error" + ((int)error).ToString();
            }
        }

        /// <summary>The name of a transport result.</summary>
        public static string Of(TransportResult result)
        {
            switch (result)
            {
                case TransportResult.Completed: return "Completed";
                case TransportResult.NoConnection: return "NoConnection";
                case TransportResult.ConnectFailed: return "ConnectFailed";
                case TransportResult.TlsFailed: return "TlsFailed";
                case TransportResult.Timeout: return "Timeout";
                case TransportResult.ResponseTooLarge: return "ResponseTooLarge";
                case TransportResult.ModemError: return "ModemError";
                default: return "Transport" + ((int)result).ToString();
            }
        }

        /// <summary>The name of an attach result.</summary>
        public static string Of(AttachResult result)
        {
            switch (result)
            {
                case AttachResult.Attached: return "Attached";
                case AttachResult.NoNetwork: return "NoNetwork";
                case AttachResult.Rejected: return "Rejected";
                case AttachResult.SimInvalid: return "SimInvalid";
                case AttachResult.AuthenticationFailed: return "AuthenticationFailed";
                case AttachResult.SimNotReady: return "SimNotReady";
                case AttachResult.PacketDataFailed: return "PacketDataFailed";
                case AttachResult.ModemFailure: return "ModemFailure";
                default: return "Attach" + ((int)result).ToString();
            }
        }

        /// <summary>The name of a server's error cause.</summary>
        public static string Of(ErrorCause cause)
        {
            switch (cause)
            {
                case ErrorCause.MalformedRequest: return "MalformedRequest";
                case ErrorCause.UnsupportedVersion: return "UnsupportedVersion";
                case ErrorCause.UnknownIdentity: return "UnknownIdentity";
                case ErrorCause.UnknownBTid: return "UnknownBTid";
                case ErrorCause.AuthenticationFailed: return "AuthenticationFailed";
                case ErrorCause.NotAssociated: return "NotAssociated";
                case ErrorCause.NoPackage: return "NoPackage";
                case ErrorCause.Busy: return "Busy";
                case ErrorCause.ServerFailure: return "ServerFailure";
                default: return "Cause" + ((int)cause).ToString();
            }
        }
    }
}
