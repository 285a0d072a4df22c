/** A postal address of a contact or a company (API.md, "Contact data"). `country` is ISO 3166-1 alpha-2. */
export interface Address {
  street: string;
  addressLine2?: string;
  postalCode: string;
  city: string;
  country: string;
}
