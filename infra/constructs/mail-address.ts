export { bareAddress, senderDomain } from '../../shared/domain/email';
